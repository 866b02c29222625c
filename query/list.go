package query

import (
	"errors"
	"fmt"
	"strings"
)

// splitList splits a comma-separated parameter, such as "-created,name",
// rejecting empty items. "" has no item.
func splitList(param, s string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	items := strings.Split(s, ",")
	for i, item := range items {
		if item == "" {
			return nil, &Error{Param: param, Err: fmt.Errorf("%q: item %d is empty", s, i+1)}
		}
	}
	return items, nil
}

// checkPaths checks each of paths, and that none is listed twice.
func checkPaths(param string, paths []string) error {
	seen := make(map[string]bool, len(paths))
	for _, p := range paths {
		if err := checkPath(p); err != nil {
			return &Error{Param: param, Path: p, Err: err}
		}
		if seen[p] {
			return &Error{Param: param, Path: p, Err: errors.New("path listed twice")}
		}
		seen[p] = true
	}
	return nil
}
