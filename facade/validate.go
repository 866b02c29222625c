package facade

// checkID returns an error matching [ErrInvalidArgument], naming the
// argument, unless id is a MongoDB ObjectId: 24 hexadecimal digits.
func checkID(name, id string) error {
	if id == "" {
		return invalidArg(name, "empty")
	}
	if len(id) != 24 {
		return invalidArg(name, "%q is not an ObjectId (24 hexadecimal digits)", id)
	}
	for i := 0; i < len(id); i++ {
		if !isHex(id[i]) {
			return invalidArg(name, "%q is not an ObjectId (24 hexadecimal digits)", id)
		}
	}
	return nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// checkRequired returns an error naming the field if v is empty.
func checkRequired(name, v string) error {
	if v == "" {
		return invalidArg(name, "empty, but required")
	}
	return nil
}

// checkOptional returns an error naming the field if it is set but empty:
// the spec gives such fields a minimum length of 1.
func checkOptional(name string, v *string) error {
	if v != nil && *v == "" {
		return invalidArg(name, "set but empty")
	}
	return nil
}

// checkProperties returns an error if a property has an empty shortcode.
// Values are strings by type, so an empty value is allowed: it clears it.
func checkProperties(name string, props ContactProperties) error {
	for k := range props {
		if k == "" {
			return invalidArg(name, "a property has an empty shortcode")
		}
	}
	return nil
}

// notNil returns an error naming the argument if it is nil.
func notNil[T any](name string, v *T) error {
	if v == nil {
		return invalidArg(name, "nil")
	}
	return nil
}

// firstError returns the first non-nil error of errs.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
