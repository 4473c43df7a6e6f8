// Package jsonstrict decodes a JSON object the way an API that refuses
// guesses should: unknown members, wrong types, trailing data and duplicate
// keys are errors that name the member, so a typo or a repeated key never
// silently changes what was asked for (encoding/json keeps the last of two
// equal keys without a word).
package jsonstrict

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Error is a refusal; Field is the member's JSON name ("" when the body as
// a whole is wrong).
type Error struct {
	Field   string
	Code    string // invalid_json, invalid_type, unknown_field, duplicate_key
	Message string // an English sentence for people
}

func (e *Error) Error() string { return e.Message }

// Decode reads exactly one JSON object from body into v.
func Decode(body []byte, v any) *Error {
	if len(bytes.TrimSpace(body)) == 0 {
		return &Error{Code: "invalid_json", Message: "The request body must be a JSON object."}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var typeErr *json.UnmarshalTypeError
		var syntaxErr *json.SyntaxError
		switch {
		case errors.As(err, &typeErr) && typeErr.Field != "":
			// Field is a Go-side path ("Request.lon" through an embedded
			// struct); the JSON name is its last element.
			field := typeErr.Field
			if i := strings.LastIndexByte(field, '.'); i >= 0 {
				field = field[i+1:]
			}
			return &Error{Code: "invalid_type", Field: field, Message: fmt.Sprintf("Field %q must be a %s.", field, kind(typeErr.Type.Kind().String()))}
		case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF):
			return &Error{Code: "invalid_json", Message: "The request body is not valid JSON."}
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return &Error{Code: "unknown_field", Field: field, Message: fmt.Sprintf("Unknown field %q.", field)}
		default:
			return &Error{Code: "invalid_json", Message: "The request body must be a JSON object."}
		}
	}
	if dec.More() {
		return &Error{Code: "invalid_json", Message: "The request body must hold a single JSON object."}
	}
	if key, dup := DuplicateKey(body); dup {
		return &Error{Code: "duplicate_key", Field: key, Message: fmt.Sprintf("Field %q is given more than once.", key)}
	}
	return nil
}

func kind(k string) string {
	switch k {
	case "float64", "float32", "int", "int64", "int32", "uint", "uint64":
		return "number"
	case "bool":
		return "boolean (true or false)"
	case "string":
		return "string"
	case "slice", "array":
		return "list"
	case "struct", "map":
		return "object"
	}
	return k
}

// DuplicateKey finds a key that appears twice in one object, at any depth,
// of a body that is valid JSON (keys are compared as decoded, so "a" and
// "\u0061" are the same key). It allocates nothing for bodies without
// escapes in their keys.
func DuplicateKey(body []byte) (string, bool) {
	type object struct{ keys [][]byte }
	var stack []object
	var inObject []bool
	expectKey := false
	for i := 0; i < len(body); i++ {
		switch c := body[i]; c {
		case '{':
			stack = append(stack, object{})
			inObject = append(inObject, true)
			expectKey = true
		case '[':
			inObject = append(inObject, false)
			expectKey = false
		case '}', ']':
			if c == '}' && len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			if len(inObject) > 0 {
				inObject = inObject[:len(inObject)-1]
			}
			expectKey = false
		case ',':
			expectKey = len(inObject) > 0 && inObject[len(inObject)-1]
		case '"':
			j := i + 1
			escaped := false
			for j < len(body) && body[j] != '"' {
				if body[j] == '\\' {
					escaped = true
					j++
				}
				j++
			}
			if j >= len(body) {
				return "", false
			}
			if expectKey && len(stack) > 0 {
				key := body[i+1 : j]
				if escaped {
					var s string
					if json.Unmarshal(body[i:j+1], &s) == nil {
						key = []byte(s)
					}
				}
				top := &stack[len(stack)-1]
				for _, k := range top.keys {
					if bytes.Equal(k, key) {
						return string(key), true
					}
				}
				top.keys = append(top.keys, key)
				expectKey = false
			}
			i = j
		}
	}
	return "", false
}
