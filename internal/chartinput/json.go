package chartinput

import (
	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/jsonstrict"
)

// DecodeJSON reads a chart request from one JSON object, strictly: unknown
// fields, wrong types and repeated keys are refused with the field's name,
// so a typo never silently changes a chart. The request is not validated
// yet (Resolve or Build do that). Errors not tied to a field have Field "".
func DecodeJSON(body []byte) (Request, *bazi.FieldError) {
	var r Request
	if e := jsonstrict.Decode(body, &r); e != nil {
		return r, &bazi.FieldError{Field: e.Field, Code: e.Code, Message: e.Message}
	}
	return r, nil
}
