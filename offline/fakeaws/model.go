package fakeaws

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

const (
	// DefaultAccountID is the account id of the fake account when Model.AccountID is empty.
	DefaultAccountID = "123456789012"
	// DefaultRegion is the region of the fake account when Model.Region is empty.
	DefaultRegion = "us-east-1"
	// DefaultPartition is the partition used when Model.Partition is empty and the region belongs to the
	// standard partition.
	DefaultPartition = "aws"
)

// ErrNotModeled is wrapped by errors for data sources and operations the model does not implement.
var ErrNotModeled = errors.New("not modeled by the stand-in aws provider")

// Model is the fake AWS account. The zero value is usable: empty fields take the defaults documented on
// each field. A Model is a value without mutable state, so it is safe for concurrent use.
type Model struct {
	// AccountID is the 12-digit account id in ARNs and owner ids. Empty means DefaultAccountID.
	AccountID string
	// Region is the region of regional ARNs, endpoints and availability zones. Empty means DefaultRegion.
	Region string
	// Partition is the ARN partition. Empty means the partition of Region: "aws-cn" for regions starting
	// with "cn-", "aws-us-gov" for "us-gov-", otherwise DefaultPartition.
	Partition string
	// DefaultTags are the provider's default tags, merged under the resource tags into tagsAll.
	DefaultTags map[string]string
}

// resolved returns the model with every empty field replaced by its default.
func (m Model) resolved() Model {
	if m.AccountID == "" {
		m.AccountID = DefaultAccountID
	}
	if m.Region == "" {
		m.Region = DefaultRegion
	}
	if m.Partition == "" {
		switch {
		case strings.HasPrefix(m.Region, "cn-"):
			m.Partition = "aws-cn"
		case strings.HasPrefix(m.Region, "us-gov-"):
			m.Partition = "aws-us-gov"
		default:
			m.Partition = DefaultPartition
		}
	}
	return m
}

// Check returns news with the provider's autonaming and schema defaults applied.
//
// For a type whose physical name input is optional and absent, Check sets it to "<urn name>-<7 hex>", with the
// hex derived from the URN, so the same URN always gets the same name. The name follows the type's rules
// (lowercase and at most 63 characters for S3 buckets, at most 64 for IAM roles and Lambda functions). When
// olds already has the name and news does not set it, Check keeps the old name, as the real provider does.
// When the type's name prefix input is set, Check leaves the name to AWS, which generates it at creation.
//
// NOTE: the real provider draws a new random name when the engine checks a resource again for a
// replacement, but the model derives the same name from the same URN. A replaced resource therefore keeps
// its autonamed name, and children that use it as id are not replaced along with it.
func (m Model) Check(typ string, urn resource.URN, olds, news resource.PropertyMap) resource.PropertyMap {
	spec := lookupSpec(typ)
	checked := news.Copy()

	if rule := spec.autoname; rule != nil && !hasValue(news, rule.property) {
		key := resource.PropertyKey(rule.property)
		switch {
		case rule.prefixProperty != "" && hasValue(news, rule.prefixProperty):
			// AWS generates the name from the prefix at creation.
		case hasValue(olds, rule.property):
			checked[key] = olds[key]
		default:
			checked[key] = resource.NewStringProperty(m.Autoname(typ, urn, news))
		}
	}

	applyDefaults(spec, checked)
	return checked
}

// NameProperty returns the input that holds the physical name of typ when the provider autonames the type,
// or "" when it does not.
func NameProperty(typ string) string {
	if rule := lookupSpec(typ).autoname; rule != nil {
		return rule.property
	}
	return ""
}

// Autoname returns the name Check gives a resource of typ with this URN when the name input is absent, or ""
// when the provider does not autoname the type. inputs matter only for FIFO queues and topics.
func (m Model) Autoname(typ string, urn resource.URN, inputs resource.PropertyMap) string {
	rule := lookupSpec(typ).autoname
	if rule == nil {
		return ""
	}
	fifo := false
	if rule.fifoSuffix {
		fifo, _ = boolValue(inputs, fifoProperty(typ))
	}
	return autoname(*rule, string(urn), urn.Name(), fifo)
}

// MissingInputs returns the required inputs of typ that news does not set, in the order of the type's
// schema. The real provider rejects such inputs in Check with "Missing required argument".
func (m Model) MissingInputs(typ string, news resource.PropertyMap) []string {
	var missing []string
	for _, key := range lookupSpec(typ).required {
		if !hasValue(news, key) {
			missing = append(missing, key)
		}
	}
	return missing
}

// Create returns the id and the full outputs of a new resource: the inputs, the schema defaults and the
// outputs AWS computes for that type (ARN, generated names, domain names and so on).
//
// When preview is true, the id is empty and every computed output that is not also an input is unknown, as
// the real provider reports them before creation. Schema defaults and tagsAll stay known. Inputs that are
// unknown stay unknown. name is the logical name of the resource (the last part of its URN).
func (m Model) Create(typ, name string, inputs resource.PropertyMap, preview bool) (string, resource.PropertyMap, error) {
	return m.create(typ, name, "", inputs, preview)
}

// create implements Create. A non-empty id replaces the id the type would get, for resources that a
// program reads by id instead of creating.
func (m Model) create(typ, name, id string, inputs resource.PropertyMap, preview bool) (string, resource.PropertyMap, error) {
	spec := lookupSpec(typ)
	c := &resourceContext{model: m.resolved(), typ: typ, name: name, inputs: inputs}

	outputs := inputs.Copy()
	applyDefaults(spec, outputs)
	setTagsAll(spec, c, outputs)

	if preview {
		for key := range spec.computed(c) {
			if !hasValue(inputs, string(key)) {
				outputs[key] = unknown()
			}
		}
		return "", outputs, nil
	}

	if inputs.ContainsUnknowns() {
		return "", nil, fmt.Errorf("creating %s %q: inputs contain unknown values outside a preview", typ, name)
	}
	if id == "" {
		var err error
		if id, err = spec.id(c); err != nil {
			return "", nil, fmt.Errorf("creating %s %q: %w", typ, name, err)
		}
	}
	c.id = id
	for key, value := range spec.computed(c) {
		if !hasValue(inputs, string(key)) {
			outputs[key] = value
		}
	}
	return id, outputs, nil
}

// Update returns the outputs after an in-place update: the new inputs and schema defaults, plus the old
// computed outputs. Computed outputs that AWS derives from inputs changeable in place (a Lambda function's
// code hash, a KMS alias's target key ARN, tagsAll) are derived again from news. During a preview, those
// whose value would change are unknown.
func (m Model) Update(typ, id string, olds, news resource.PropertyMap, preview bool) (resource.PropertyMap, error) {
	if id == "" {
		return nil, fmt.Errorf("updating %s: missing resource id", typ)
	}
	spec := lookupSpec(typ)
	c := &resourceContext{model: m.resolved(), typ: typ, id: id, inputs: news}

	outputs := news.Copy()
	applyDefaults(spec, outputs)
	setTagsAll(spec, c, outputs)

	refreshed := map[string]bool{}
	for _, key := range spec.refreshOnUpdate {
		refreshed[key] = true
	}
	for key, value := range spec.computed(c) {
		if hasValue(news, string(key)) {
			continue
		}
		old, hadOld := olds[key]
		switch {
		case !refreshed[string(key)] && hadOld:
			outputs[key] = old
		case preview && (!hadOld || !valuesEqual(old, value)):
			outputs[key] = unknown()
		default:
			outputs[key] = value
		}
	}
	return outputs, nil
}

// Read returns the outputs of an existing resource with the given id, as AWS describes it: the state given
// plus the computed outputs of the type. It serves imports and reads by id, which come without stored state.
func (m Model) Read(typ, name, id string, state resource.PropertyMap) (resource.PropertyMap, error) {
	if id == "" {
		return nil, fmt.Errorf("reading %s %q: missing resource id", typ, name)
	}
	_, outputs, err := m.create(typ, name, id, state, false)
	return outputs, err
}

// ComputedOutputs returns the names of the outputs that the model computes for typ and that are not inputs
// of the resource. A provider uses it to tell old inputs from old outputs when the engine sends only outputs.
func (m Model) ComputedOutputs(typ string) []string {
	spec := lookupSpec(typ)
	c := &resourceContext{model: m.resolved(), typ: typ, inputs: resource.PropertyMap{}}
	keys := map[string]bool{}
	for key := range spec.computed(c) {
		keys[string(key)] = true
	}
	if spec.taggable {
		keys["tagsAll"] = true
	}
	return sortedKeys(keys)
}

// applyDefaults sets the schema defaults of spec that props does not set.
func applyDefaults(spec *typeSpec, props resource.PropertyMap) {
	for key, value := range spec.defaults {
		if !hasValue(props, string(key)) {
			props[key] = value
		}
	}
}

// setTagsAll sets tagsAll, the provider's default tags overlaid with the resource tags, for taggable types.
// It is unknown when the tags are.
func setTagsAll(spec *typeSpec, c *resourceContext, outputs resource.PropertyMap) {
	if !spec.taggable && !hasValue(c.inputs, "tags") {
		return
	}
	if keyIsUnknown(c.inputs, "tags") {
		outputs["tagsAll"] = unknown()
		return
	}
	all := map[string]string{}
	for k, v := range c.model.DefaultTags {
		all[k] = v
	}
	for k, v := range stringMap(c.inputs, "tags") {
		all[k] = v
	}
	outputs["tagsAll"] = stringObject(all)
}

// fifoProperty returns the input that marks a FIFO queue or topic.
func fifoProperty(typ string) string {
	if strings.HasPrefix(typ, "aws:sns/") {
		return "fifoTopic"
	}
	return "fifoQueue"
}

// valuesEqual compares two property values, ignoring secret and output wrappers. Unknown values are never
// equal to anything.
func valuesEqual(a, b resource.PropertyValue) bool {
	a, aKnown := unwrap(a)
	b, bKnown := unwrap(b)
	if !aKnown || !bKnown {
		return false
	}
	switch {
	case a.IsArray() && b.IsArray():
		x, y := a.ArrayValue(), b.ArrayValue()
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if !valuesEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case a.IsObject() && b.IsObject():
		x, y := a.ObjectValue(), b.ObjectValue()
		if len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, has := y[k]
			if !has || !valuesEqual(v, w) {
				return false
			}
		}
		return true
	default:
		return a.DeepEquals(b)
	}
}
