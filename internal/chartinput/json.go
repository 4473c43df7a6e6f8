package chartinput

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/bazi-master/bazi-master/bazi"
)

// DecodeJSON reads a chart request from one JSON object, strictly: unknown
// fields and wrong types are refused with the field's name, so a typo never
// silently changes a chart. The request is not validated yet (Resolve or
// Build do that). Errors not tied to a field have Field "".
func DecodeJSON(body []byte) (Request, *bazi.FieldError) {
	var r Request
	if len(bytes.TrimSpace(body)) == 0 {
		return r, &bazi.FieldError{Code: "invalid_json", Message: "The request body must be a JSON object."}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		var typeErr *json.UnmarshalTypeError
		var syntaxErr *json.SyntaxError
		switch {
		case errors.As(err, &typeErr) && typeErr.Field != "":
			// Field is a Go-side path ("Request.lon" through the embedded
			// struct); the JSON name is its last element.
			field := typeErr.Field
			if i := strings.LastIndexByte(field, '.'); i >= 0 {
				field = field[i+1:]
			}
			return r, &bazi.FieldError{Code: "invalid_type", Field: field, Message: fmt.Sprintf("Field %q must be a %s.", field, jsonKind(typeErr.Type.Kind().String()))}
		case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF):
			return r, &bazi.FieldError{Code: "invalid_json", Message: "The request body is not valid JSON."}
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return r, &bazi.FieldError{Code: "unknown_field", Field: field, Message: fmt.Sprintf("Unknown field %q.", field)}
		default:
			return r, &bazi.FieldError{Code: "invalid_json", Message: "The request body must be a JSON object."}
		}
	}
	if dec.More() {
		return r, &bazi.FieldError{Code: "invalid_json", Message: "The request body must hold a single JSON object."}
	}
	return r, nil
}

func jsonKind(k string) string {
	switch k {
	case "float64", "int", "int64":
		return "number"
	case "bool":
		return "boolean (true or false)"
	case "string":
		return "string"
	}
	return k
}
