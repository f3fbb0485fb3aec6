package fakeaws

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// defaultPolicyVersion is the policy language version of a document without a version argument.
const defaultPolicyVersion = "2012-10-17"

// policyVariableReplacer turns the "&{" escape of the data source into the "${" of IAM policy variables.
var policyVariableReplacer = strings.NewReplacer("&{", "${")

// policyDocument is an IAM policy document in the JSON layout the aws_iam_policy_document data source writes.
type policyDocument struct {
	Version    string             `json:",omitempty"`
	ID         string             `json:"Id,omitempty"`
	Statements []*policyStatement `json:"Statement,omitempty"`
}

// policyStatement is one statement. Action, resource and principal lists hold either one string or a list
// in reverse lexical order, as the data source writes them.
type policyStatement struct {
	Sid           string       `json:",omitempty"`
	Effect        string       `json:",omitempty"`
	Actions       any          `json:"Action,omitempty"`
	NotActions    any          `json:"NotAction,omitempty"`
	Resources     any          `json:"Resource,omitempty"`
	NotResources  any          `json:"NotResource,omitempty"`
	Principals    principalSet `json:"Principal,omitempty"`
	NotPrincipals principalSet `json:"NotPrincipal,omitempty"`
	Conditions    conditionSet `json:"Condition,omitempty"`
}

// principal is one principal block: a type such as "AWS" or "Service" and its identifiers.
type principal struct {
	Type        string
	Identifiers []string
}

// principalSet encodes as a map from principal type to identifiers, or as "*" for the type "*" with the
// identifier "*".
type principalSet []principal

// condition is one condition block: an operator, a condition key and the values.
type condition struct {
	Test     string
	Variable string
	Values   []string
}

// conditionSet encodes as a map from operator to condition key to values.
type conditionSet []condition

// MarshalJSON encodes the principals. The identifiers of each block are sorted in reverse lexical order,
// and blocks of the same type are concatenated.
func (ps principalSet) MarshalJSON() ([]byte, error) {
	if len(ps) == 1 && ps[0].Type == "*" && slices.Equal(ps[0].Identifiers, []string{"*"}) {
		return []byte(`"*"`), nil
	}
	merged := map[string][]string{}
	for _, p := range ps {
		identifiers := slices.Clone(p.Identifiers)
		slices.Sort(identifiers)
		slices.Reverse(identifiers)
		merged[p.Type] = append(merged[p.Type], identifiers...)
	}
	raw := map[string]any{}
	for typ, identifiers := range merged {
		if len(identifiers) == 1 {
			raw[typ] = identifiers[0]
		} else {
			raw[typ] = identifiers
		}
	}
	return json.Marshal(raw)
}

// UnmarshalJSON decodes the principals of a source or override document.
func (ps *principalSet) UnmarshalJSON(data []byte) error {
	var star string
	if err := json.Unmarshal(data, &star); err == nil {
		*ps = principalSet{{Type: "*", Identifiers: []string{star}}}
		return nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("decoding Principal: %w", err)
	}
	var out principalSet
	for _, typ := range sortedKeys(raw) {
		identifiers, err := decodeStringOrList(raw[typ])
		if err != nil {
			return fmt.Errorf("decoding Principal %q: %w", typ, err)
		}
		out = append(out, principal{Type: typ, Identifiers: identifiers})
	}
	*ps = out
	return nil
}

// MarshalJSON encodes the conditions. Values keep their order.
func (cs conditionSet) MarshalJSON() ([]byte, error) {
	raw := map[string]map[string][]string{}
	for _, c := range cs {
		if raw[c.Test] == nil {
			raw[c.Test] = map[string][]string{}
		}
		raw[c.Test][c.Variable] = append(raw[c.Test][c.Variable], c.Values...)
	}
	out := map[string]map[string]any{}
	for test, variables := range raw {
		out[test] = map[string]any{}
		for variable, values := range variables {
			if len(values) == 1 {
				out[test][variable] = values[0]
			} else {
				out[test][variable] = values
			}
		}
	}
	return json.Marshal(out)
}

// UnmarshalJSON decodes the conditions of a source or override document.
func (cs *conditionSet) UnmarshalJSON(data []byte) error {
	var raw map[string]map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("decoding Condition: %w", err)
	}
	var out conditionSet
	for _, test := range sortedKeys(raw) {
		for _, variable := range sortedKeys(raw[test]) {
			values, err := decodeStringOrList(raw[test][variable])
			if err != nil {
				return fmt.Errorf("decoding Condition %s %s: %w", test, variable, err)
			}
			out = append(out, condition{Test: test, Variable: variable, Values: values})
		}
	}
	*cs = out
	return nil
}

// decodeStringOrList decodes a JSON string, boolean or list of strings into a list of strings.
func decodeStringOrList(data json.RawMessage) ([]string, error) {
	var single string
	if err := json.Unmarshal(data, &single); err == nil {
		return []string{single}, nil
	}
	var flag bool
	if err := json.Unmarshal(data, &flag); err == nil {
		return []string{strconv.FormatBool(flag)}, nil
	}
	var list []string
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, errors.New("expected a string or a list of strings")
	}
	return list, nil
}

// singleOrList returns the only element of values as a string, or values in reverse lexical order.
func singleOrList(values []string) any {
	if len(values) == 1 {
		return values[0]
	}
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	slices.Reverse(sorted)
	return sorted
}

// merge adds the statements of other to doc. A statement with the Sid of an existing one replaces it,
// other statements are appended. The Id of other wins, and so does a later Version.
func (doc *policyDocument) merge(other *policyDocument) {
	if other.ID != "" {
		doc.ID = other.ID
	}
	if other.Version > doc.Version {
		doc.Version = other.Version
	}
	for _, statement := range other.Statements {
		index := -1
		if statement.Sid != "" {
			index = slices.IndexFunc(doc.Statements, func(s *policyStatement) bool { return s.Sid == statement.Sid })
		}
		if index >= 0 {
			doc.Statements[index] = statement
		} else {
			doc.Statements = append(doc.Statements, statement)
		}
	}
}

// renderPolicyDocument implements aws:iam/getPolicyDocument:getPolicyDocument. It merges the source documents,
// the statements of the arguments and the override documents, in that order, and returns the document as
// indented JSON in json, compact JSON in minifiedJson and a CRC-32 of the indented JSON in id.
func renderPolicyDocument(args resource.PropertyMap) (resource.PropertyMap, error) {
	merged := &policyDocument{}

	seenSids := map[string]bool{}
	for i, source := range stringList(args, "sourcePolicyDocuments") {
		doc := &policyDocument{}
		if err := json.Unmarshal([]byte(source), doc); err != nil {
			return nil, fmt.Errorf("merging source policy document %d: %w", i, err)
		}
		for _, statement := range doc.Statements {
			if statement.Sid != "" && seenSids[statement.Sid] {
				return nil, fmt.Errorf("merging source policy document %d: duplicate Sid %q; remove the Sid or make Sids unique",
					i, statement.Sid)
			}
			seenSids[statement.Sid] = true
		}
		merged.merge(doc)
	}

	current, err := policyDocumentFromArgs(args)
	if err != nil {
		return nil, err
	}
	merged.merge(current)

	for i, override := range stringList(args, "overridePolicyDocuments") {
		doc := &policyDocument{}
		if err := json.Unmarshal([]byte(override), doc); err != nil {
			return nil, fmt.Errorf("merging override policy document %d: %w", i, err)
		}
		merged.merge(doc)
	}

	indented, err := json.MarshalIndent(merged, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding policy document: %w", err)
	}
	minified, err := json.Marshal(merged)
	if err != nil {
		return nil, fmt.Errorf("encoding policy document: %w", err)
	}

	result := args.Copy()
	result["json"] = resource.NewStringProperty(string(indented))
	result["minifiedJson"] = resource.NewStringProperty(string(minified))
	result["id"] = resource.NewStringProperty(strconv.FormatUint(uint64(crc32.ChecksumIEEE(indented)), 10))
	return result, nil
}

// policyDocumentFromArgs builds the document that the version, policyId and statements arguments describe.
func policyDocumentFromArgs(args resource.PropertyMap) (*policyDocument, error) {
	doc := &policyDocument{Version: defaultPolicyVersion}
	if version, ok := stringValue(args, "version"); ok && version != "" {
		doc.Version = version
	}
	if id, ok := stringValue(args, "policyId"); ok {
		doc.ID = id
	}

	statements, _ := unwrap(args["statements"])
	if !statements.IsArray() {
		return doc, nil
	}
	seenSids := map[string]bool{}
	for i, element := range statements.ArrayValue() {
		element, known := unwrap(element)
		if !known || !element.IsObject() {
			return nil, fmt.Errorf("reading statements[%d]: expected a known object", i)
		}
		statement, err := policyStatementFromArgs(element.ObjectValue(), doc.Version)
		if err != nil {
			return nil, fmt.Errorf("reading statements[%d]: %w", i, err)
		}
		if statement.Sid != "" {
			if seenSids[statement.Sid] {
				return nil, fmt.Errorf("reading statements[%d]: duplicate Sid %q; remove the Sid or make Sids unique",
					i, statement.Sid)
			}
			seenSids[statement.Sid] = true
		}
		doc.Statements = append(doc.Statements, statement)
	}
	return doc, nil
}

// policyStatementFromArgs builds one statement from its argument object.
func policyStatementFromArgs(args resource.PropertyMap, version string) (*policyStatement, error) {
	statement := &policyStatement{Effect: "Allow"}
	if effect, ok := stringValue(args, "effect"); ok && effect != "" {
		if effect != "Allow" && effect != "Deny" {
			return nil, fmt.Errorf("invalid effect %q; use \"Allow\" or \"Deny\"", effect)
		}
		statement.Effect = effect
	}
	statement.Sid, _ = stringValue(args, "sid")

	if actions := stringList(args, "actions"); len(actions) > 0 {
		statement.Actions = singleOrList(actions)
	}
	if actions := stringList(args, "notActions"); len(actions) > 0 {
		statement.NotActions = singleOrList(actions)
	}
	var err error
	if statement.Resources, err = replacePolicyVariables(stringList(args, "resources"), version); err != nil {
		return nil, fmt.Errorf("reading resources: %w", err)
	}
	if statement.NotResources, err = replacePolicyVariables(stringList(args, "notResources"), version); err != nil {
		return nil, fmt.Errorf("reading notResources: %w", err)
	}
	if statement.Principals, err = principalsFromArgs(args, "principals", version); err != nil {
		return nil, err
	}
	if statement.NotPrincipals, err = principalsFromArgs(args, "notPrincipals", version); err != nil {
		return nil, err
	}

	conditions, _ := unwrap(args["conditions"])
	if conditions.IsArray() {
		for i, element := range conditions.ArrayValue() {
			element, known := unwrap(element)
			if !known || !element.IsObject() {
				return nil, fmt.Errorf("reading conditions[%d]: expected a known object", i)
			}
			block := element.ObjectValue()
			test, _ := stringValue(block, "test")
			variable, _ := stringValue(block, "variable")
			values := stringList(block, "values")
			for j, value := range values {
				if values[j], err = replacePolicyVariable(value, version); err != nil {
					return nil, fmt.Errorf("reading conditions[%d]: %w", i, err)
				}
			}
			statement.Conditions = append(statement.Conditions, condition{Test: test, Variable: variable, Values: values})
		}
	}
	return statement, nil
}

// principalsFromArgs reads a principals or notPrincipals argument.
func principalsFromArgs(args resource.PropertyMap, key, version string) (principalSet, error) {
	blocks, _ := unwrap(args[resource.PropertyKey(key)])
	if !blocks.IsArray() {
		return nil, nil
	}
	var out principalSet
	for i, element := range blocks.ArrayValue() {
		element, known := unwrap(element)
		if !known || !element.IsObject() {
			return nil, fmt.Errorf("reading %s[%d]: expected a known object", key, i)
		}
		block := element.ObjectValue()
		typ, _ := stringValue(block, "type")
		identifiers := stringList(block, "identifiers")
		for j, identifier := range identifiers {
			var err error
			if identifiers[j], err = replacePolicyVariable(identifier, version); err != nil {
				return nil, fmt.Errorf("reading %s[%d]: %w", key, i, err)
			}
		}
		out = append(out, principal{Type: typ, Identifiers: identifiers})
	}
	return out, nil
}

// replacePolicyVariables returns nil for no values, the only value as a string, or the values in reverse
// lexical order, each with "&{" turned into "${".
func replacePolicyVariables(values []string, version string) (any, error) {
	if len(values) == 0 {
		return nil, nil
	}
	replaced := make([]string, len(values))
	for i, value := range values {
		var err error
		if replaced[i], err = replacePolicyVariable(value, version); err != nil {
			return nil, err
		}
	}
	return singleOrList(replaced), nil
}

// replacePolicyVariable turns "&{" into "${". Version 2008-10-17 has no policy variables, so "&{" is
// rejected there.
func replacePolicyVariable(value, version string) (string, error) {
	if version == "2008-10-17" && strings.Contains(value, "&{") {
		return "", fmt.Errorf("invalid value %q: policy variables (&{...}) need version 2012-10-17", value)
	}
	return policyVariableReplacer.Replace(value), nil
}
