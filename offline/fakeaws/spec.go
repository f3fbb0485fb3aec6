package fakeaws

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Creation and modification times of every fake resource, in the formats of the outputs that carry them.
// They are fixed so outputs stay deterministic.
const (
	fixedTimeRFC3339     = "2024-01-01T00:00:00Z"
	fixedTimeLambda      = "2024-01-01T00:00:00.000+0000"
	fixedTimestampDigits = "20240101000000"
)

// typeSpec is the model's description of one resource type.
type typeSpec struct {
	// autoname is the autonaming rule, or nil when the provider does not autoname the type.
	autoname *autonameRule
	// required lists the inputs the provider rejects as missing.
	required []string
	// defaults are the schema defaults the provider fills in Check when the input is absent.
	defaults resource.PropertyMap
	// taggable is true for types with tags and tagsAll.
	taggable bool
	// id returns the physical id of a new resource.
	id func(c *resourceContext) (string, error)
	// computed returns the outputs AWS computes. Keys that the inputs set keep the input value. It must not
	// fail on a context without id or with unknown inputs, because Create and Update call it for previews.
	computed func(c *resourceContext) resource.PropertyMap
	// refreshOnUpdate lists the computed outputs that an in-place update derives again from the new inputs.
	// The others keep their value from creation.
	refreshOnUpdate []string
}

// resourceContext is the resource being created or updated.
type resourceContext struct {
	model Model
	typ   string
	// name is the logical name. It is empty during an update, so computed outputs kept from creation may use
	// it but refreshed ones may not.
	name   string
	id     string
	inputs resource.PropertyMap
}

// str returns a known string input, or "" when it is absent or unknown.
func (c *resourceContext) str(key string) string {
	s, _ := stringValue(c.inputs, key)
	return s
}

// unknownInput reports whether the input at key is unknown.
func (c *resourceContext) unknownInput(key string) bool {
	return keyIsUnknown(c.inputs, key)
}

// regionalARN returns arn:<partition>:<service>:<region>:<account>:<resource>.
func (c *resourceContext) regionalARN(service, res string) string {
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", c.model.Partition, service, c.model.Region, c.model.AccountID, res)
}

// globalARN returns arn:<partition>:<service>::<account>:<resource>, the form of IAM ARNs.
func (c *resourceContext) globalARN(service, res string) string {
	return fmt.Sprintf("arn:%s:%s::%s:%s", c.model.Partition, service, c.model.AccountID, res)
}

// seed returns the values an id is derived from: the type, the logical name and the inputs that force a
// replacement. A replaced resource therefore gets a new id, as it does in AWS.
func (c *resourceContext) seed() []string {
	parts := []string{c.typ, c.name}
	for _, key := range replaceOnChange[c.typ] {
		if v, has := ValueAtPath(c.inputs, key); has {
			encoded, err := json.Marshal(v.Mappable())
			if err != nil {
				encoded = []byte(v.String())
			}
			parts = append(parts, key+"="+string(encoded))
		}
	}
	return parts
}

// ec2ID returns an EC2-style id: the prefix, "-0" and 16 hex characters, as in "vpc-0a1b2c3d4e5f60718".
func (c *resourceContext) ec2ID(prefix string) string {
	return prefix + "-0" + deriveHex(16, c.seed()...)
}

// inputID returns an id equal to a required string input, such as the bucket of an S3 bucket policy.
func inputID(key string) func(c *resourceContext) (string, error) {
	return func(c *resourceContext) (string, error) {
		if v := c.str(key); v != "" {
			return v, nil
		}
		return "", fmt.Errorf("missing required input %q", key)
	}
}

// noComputed is the computed function of types whose outputs are their inputs.
func noComputed(*resourceContext) resource.PropertyMap { return resource.PropertyMap{} }

// specs maps a type token to its description. The per-service files add their types in init.
var specs = map[string]*typeSpec{}

// register adds a type to specs and fills the optional functions.
func register(typ string, spec *typeSpec) {
	if spec.computed == nil {
		spec.computed = noComputed
	}
	if spec.id == nil {
		spec.id = genericID
	}
	specs[typ] = spec
}

// lookupSpec returns the spec of typ, or the generic fallback for types the model does not know.
func lookupSpec(typ string) *typeSpec {
	if spec, ok := specs[typ]; ok {
		return spec
	}
	return genericSpec
}

// genericSpec is the FALLBACK for types without an entry in specs, and it models no real type. It gives
// the resource the id "<logical name>-<7 hex>" and, for aws types, the ARN
// "arn:<partition>:<service>:<region>:<account>:<logical name>". A program that uses a new type then
// still runs. Add the type to the model before relying on its outputs.
var genericSpec = &typeSpec{
	id: genericID,
	computed: func(c *resourceContext) resource.PropertyMap {
		service, ok := awsService(c.typ)
		if !ok {
			return resource.PropertyMap{}
		}
		return resource.PropertyMap{"arn": resource.NewStringProperty(c.regionalARN(service, c.name))}
	},
}

// genericID returns "<logical name>-<7 hex>".
func genericID(c *resourceContext) (string, error) {
	return c.name + "-" + deriveHex(autonameRandomLength, c.seed()...), nil
}

// awsService returns the module of an aws type token, such as "sqs" for "aws:sqs/queue:Queue".
func awsService(typ string) (string, bool) {
	rest, ok := strings.CutPrefix(typ, "aws:")
	if !ok {
		return "", false
	}
	module, _, _ := strings.Cut(rest, ":")
	module, _, _ = strings.Cut(module, "/")
	return module, module != ""
}
