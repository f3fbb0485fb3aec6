package rules

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// policyDocument is the part of an IAM policy document (identity or resource policy) that the
// policies read.
type policyDocument struct {
	Statement statementList `json:"Statement"`

	// secret is true when the document came from a secret value, so violation messages must not quote it.
	secret bool
}

// quote formats values from the document as a comma-separated list of quoted strings for a violation
// message, or as "[secret]" when the document is secret.
func (d policyDocument) quote(values []string) string {
	if d.secret {
		return "[secret]"
	}
	quoted := make([]string, len(values))
	for i, value := range values {
		quoted[i] = strconv.Quote(value)
	}
	return strings.Join(quoted, ", ")
}

// policyStatement is one statement of a policy document. Element names follow the IAM JSON policy
// reference. Principal and NotPrincipal stay raw because each is either "*" or an object of principal
// lists.
type policyStatement struct {
	Sid          string                           `json:"Sid"`
	Effect       string                           `json:"Effect"`
	Principal    json.RawMessage                  `json:"Principal"`
	NotPrincipal json.RawMessage                  `json:"NotPrincipal"`
	Action       stringList                       `json:"Action"`
	NotAction    stringList                       `json:"NotAction"`
	Resource     stringList                       `json:"Resource"`
	NotResource  stringList                       `json:"NotResource"`
	Condition    map[string]map[string]stringList `json:"Condition"`
}

// Statement effects, which IAM compares case-sensitively.
const (
	effectAllow = "Allow"
	effectDeny  = "Deny"
)

// statementList is the Statement element, which IAM accepts as one statement object or as a list.
type statementList []policyStatement

// UnmarshalJSON decodes a single statement object or a list of statements.
func (l *statementList) UnmarshalJSON(data []byte) error {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '{' {
		var statement policyStatement
		if err := json.Unmarshal(trimmed, &statement); err != nil {
			return err
		}
		*l = statementList{statement}
		return nil
	}

	var statements []policyStatement
	if err := json.Unmarshal(trimmed, &statements); err != nil {
		return err
	}
	*l = statements
	return nil
}

// stringList is an element that IAM accepts as one value or as a list, such as Action, Resource or a
// condition value. Booleans and numbers keep their JSON spelling, so `false` reads as "false".
type stringList []string

// UnmarshalJSON decodes a scalar or a list of scalars.
func (l *stringList) UnmarshalJSON(data []byte) error {
	decoder := json.NewDecoder(bytes.NewReader(data))
	decoder.UseNumber()
	var raw any
	if err := decoder.Decode(&raw); err != nil {
		return err
	}

	switch raw := raw.(type) {
	case nil:
		*l = nil
	case []any:
		values := make([]string, 0, len(raw))
		for _, element := range raw {
			value, err := scalarString(element)
			if err != nil {
				return err
			}
			values = append(values, value)
		}
		*l = values
	default:
		value, err := scalarString(raw)
		if err != nil {
			return err
		}
		*l = stringList{value}
	}
	return nil
}

// scalarString returns the JSON spelling of a decoded string, boolean or number.
func scalarString(value any) (string, error) {
	switch value := value.(type) {
	case string:
		return value, nil
	case bool:
		if value {
			return "true", nil
		}
		return "false", nil
	case json.Number:
		return value.String(), nil
	default:
		return "", fmt.Errorf("expected a string, boolean or number, found %T", value)
	}
}

// containsFold reports whether the list contains want, ignoring case. IAM compares action names
// and condition keys case-insensitively.
func (l stringList) containsFold(want string) bool {
	for _, value := range l {
		if strings.EqualFold(value, want) {
			return true
		}
	}
	return false
}

// contains reports whether the list contains want exactly.
func (l stringList) contains(want string) bool {
	for _, value := range l {
		if value == want {
			return true
		}
	}
	return false
}

// errNotPolicyDocument is returned for a property that is neither a JSON string nor an object.
var errNotPolicyDocument = errors.New("the value is neither a JSON string nor an object")

// parsePolicyDocument decodes the policy document in value, which is a JSON string or, when a
// program passes a map, an object. The caller must skip computed values first, because a document
// with unknown parts cannot be judged.
func parsePolicyDocument(value property.Value) (policyDocument, error) {
	var data []byte
	if text, ok := stringValue(value); ok {
		data = []byte(text)
	} else if object, ok := mapValue(value); ok {
		encoded, err := json.Marshal(plainValue(property.New(object)))
		if err != nil {
			return policyDocument{}, fmt.Errorf("encoding policy object: %w", err)
		}
		data = encoded
	} else {
		return policyDocument{}, errNotPolicyDocument
	}

	var document policyDocument
	if err := json.Unmarshal(data, &document); err != nil {
		return policyDocument{}, err
	}
	document.secret = value.HasSecrets()
	return document, nil
}

// plainValue converts a known property value into the Go values that encoding/json writes. Assets,
// archives and resource references have no JSON form in a policy document and become nil.
func plainValue(value property.Value) any {
	switch {
	case value.IsString():
		return value.AsString()
	case value.IsBool():
		return value.AsBool()
	case value.IsNumber():
		return value.AsNumber()
	case value.IsArray():
		elements := value.AsArray().AsSlice()
		plain := make([]any, len(elements))
		for i, element := range elements {
			plain[i] = plainValue(element)
		}
		return plain
	case value.IsMap():
		plain := map[string]any{}
		for key, element := range value.AsMap().All {
			plain[key] = plainValue(element)
		}
		return plain
	default:
		return nil
	}
}

// hasPublicPrincipal reports whether the statement applies to everyone: Principal "*" or an AWS
// principal list that contains "*".
func (s policyStatement) hasPublicPrincipal() bool {
	if len(s.Principal) == 0 {
		return false
	}

	var principal string
	if err := json.Unmarshal(s.Principal, &principal); err == nil {
		return principal == "*"
	}

	var principals map[string]stringList
	if err := json.Unmarshal(s.Principal, &principals); err != nil {
		return false
	}
	return principals["AWS"].contains("*")
}

// conditionValues returns the values of condition key under operator. The operator is compared
// exactly and the key case-insensitively, as IAM does.
func (s policyStatement) conditionValues(operator, key string) stringList {
	for conditionKey, values := range s.Condition[operator] {
		if strings.EqualFold(conditionKey, key) {
			return values
		}
	}
	return nil
}

// statementPath names statement index of the document in the named property for a violation
// message, as in "policy Statement[1]".
func statementPath(name string, index int) string {
	return fmt.Sprintf("%s Statement[%d]", name, index)
}

// describeDocumentError formats a parse error for a violation message, leaving out the details of a
// secret document because they can quote its text.
func describeDocumentError(value property.Value, err error) string {
	if value.HasSecrets() {
		return "details hidden because the value is secret"
	}
	return err.Error()
}
