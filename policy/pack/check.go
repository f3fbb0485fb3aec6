package pack

import (
	"context"
	"fmt"
	"runtime/debug"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Resource is a resource as a policy sees it. A resource policy sees the inputs that the program
// passed; a stack policy sees the outputs and the dependencies.
type Resource struct {
	// Type is the type token, such as "aws:s3/bucketV2:BucketV2".
	Type string
	// URN identifies the resource in the stack.
	URN string
	// Name is the name the program gave the resource.
	Name string
	// Properties are the inputs (resource policies) or outputs (stack policies). A value that is not
	// known yet, as during a preview, is computed: check it with Known before reading it.
	Properties property.Map
	// Parent is the URN of the parent resource, if any.
	Parent string
	// Provider is the provider resource that manages the resource, if the engine sent it.
	Provider *ProviderResource
	// Protect is the resource's protect option: the engine refuses to delete a protected resource.
	// The engine sends no retainOnDelete option to analyzers, so a policy cannot see it.
	Protect bool
	// Dependencies are the URNs the resource depends on. Only stack policies receive them.
	Dependencies []string
	// PropertyDependencies maps a property name to the URNs of the resources its value came from.
	// Only stack policies receive them. They join a resource with its siblings while ids and ARNs
	// are still unknown.
	PropertyDependencies map[string][]string
}

// ProviderResource is the provider that manages a resource.
type ProviderResource struct {
	Type       string
	URN        string
	Name       string
	Properties property.Map
}

// Violation is a violation that a policy reported.
type Violation struct {
	// URN is the resource that violates the policy.
	URN string
	// Message names the property, the value found and the value expected. The server puts the
	// resource's name in front of it.
	Message string
}

// UnknownValue is a property that a policy could not judge because its value is not known yet.
type UnknownValue struct {
	// URN is the resource whose property is unknown.
	URN string
	// Property is the path of the property, such as "rules[0].kmsMasterKeyId".
	Property string
}

// Findings are the results one policy reported for one resource or for the stack.
type Findings struct {
	Violations []Violation
	Unknowns   []UnknownValue
}

// report collects findings. The server reads them once the policy returns.
type report struct {
	findings Findings
}

func (r *report) addViolation(urn, format string, a ...any) {
	r.findings.Violations = append(r.findings.Violations, Violation{URN: urn, Message: fmt.Sprintf(format, a...)})
}

func (r *report) addUnknown(urn, path string) {
	r.findings.Unknowns = append(r.findings.Unknowns, UnknownValue{URN: urn, Property: path})
}

// ResourceCheck is the input of a resource policy and the record of what it reports. It is not safe
// for concurrent use.
type ResourceCheck struct {
	// Resource is the resource under check.
	Resource Resource
	// Config is the policy's config, with the schema's defaults filled in.
	Config map[string]any
	// StackTags are the tags of the stack being checked.
	StackTags map[string]string

	report
}

// Report records a violation of the resource under check. The message names the property, the value
// found and the value expected, as in `retentionInDays is 0, expected at least 7 days.`
func (c *ResourceCheck) Report(format string, a ...any) {
	c.addViolation(c.Resource.URN, format, a...)
}

// Unknown records that the policy cannot judge the property at path because its value is unknown.
// During a preview the server reports it as advisory for a mandatory policy; during an update it
// fails closed.
func (c *ResourceCheck) Unknown(path string) {
	c.addUnknown(c.Resource.URN, path)
}

// Known reports whether value, the property at path, is known. It records an unknown value and
// returns false when the value itself is computed. Parts of an object or list may still be unknown:
// use FullyKnown before judging a value as a whole.
func (c *ResourceCheck) Known(path string, value property.Value) bool {
	if value.IsComputed() {
		c.Unknown(path)
		return false
	}
	return true
}

// FullyKnown reports whether value, the property at path, and everything inside it are known. It
// records an unknown value and returns false otherwise.
func (c *ResourceCheck) FullyKnown(path string, value property.Value) bool {
	if value.HasComputed() {
		c.Unknown(path)
		return false
	}
	return true
}

// Findings returns what the policy reported so far.
func (c *ResourceCheck) Findings() Findings {
	return c.findings
}

// StackCheck is the input of a stack policy and the record of what it reports. It is not safe for
// concurrent use.
type StackCheck struct {
	// Resources are every resource of the stack, with outputs and dependencies.
	Resources []Resource
	// Config is the policy's config, with the schema's defaults filled in.
	Config map[string]any
	// StackTags are the tags of the stack being checked.
	StackTags map[string]string

	report
}

// Report records a violation of resource.
func (c *StackCheck) Report(resource Resource, format string, a ...any) {
	c.addViolation(resource.URN, format, a...)
}

// Unknown records that the policy cannot judge the property at path of resource because its value
// is unknown.
func (c *StackCheck) Unknown(resource Resource, path string) {
	c.addUnknown(resource.URN, path)
}

// Known reports whether value, the property at path of resource, is known, and records an unknown
// value otherwise. See ResourceCheck.Known.
func (c *StackCheck) Known(resource Resource, path string, value property.Value) bool {
	if value.IsComputed() {
		c.Unknown(resource, path)
		return false
	}
	return true
}

// OfType returns the resources of the given types, in stack order.
func (c *StackCheck) OfType(types ...string) []Resource {
	var found []Resource
	for _, resource := range c.Resources {
		if slices.Contains(types, resource.Type) {
			found = append(found, resource)
		}
	}
	return found
}

// Referencing returns the resources of resourceType whose property was built from target, such as
// the public access blocks whose bucket property came from a bucket. The join reads
// PropertyDependencies, so it works while the target's id and ARN are still unknown.
func (c *StackCheck) Referencing(target Resource, resourceType, property string) []Resource {
	var found []Resource
	for _, resource := range c.Resources {
		if resource.Type == resourceType && slices.Contains(resource.PropertyDependencies[property], target.URN) {
			found = append(found, resource)
		}
	}
	return found
}

// Findings returns what the policy reported so far.
func (c *StackCheck) Findings() Findings {
	return c.findings
}

// PanicError is a panic inside a policy, recovered so that the other policies still run.
type PanicError struct {
	// Value is the value passed to panic.
	Value any
	// Stack is the goroutine's stack at the panic.
	Stack []byte
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("panic: %v", e.Value)
}

// CheckResource runs a resource policy on check.Resource and returns what it reported. A policy that
// does not check the resource's type reports nothing. A panic is recovered and returned as a
// *PanicError, along with the findings reported before it.
func (p *Policy) CheckResource(ctx context.Context, check *ResourceCheck) (findings Findings, err error) {
	if p.ValidateResource == nil || !p.appliesTo(check.Resource.Type) {
		return Findings{}, nil
	}
	defer recoverPanic(&err)
	defer func() { findings = check.findings }()

	return Findings{}, p.ValidateResource(ctx, check)
}

// CheckStack runs a stack policy and returns what it reported. A panic is recovered and returned as
// a *PanicError, along with the findings reported before it.
func (p *Policy) CheckStack(ctx context.Context, check *StackCheck) (findings Findings, err error) {
	if p.ValidateStack == nil {
		return Findings{}, nil
	}
	defer recoverPanic(&err)
	defer func() { findings = check.findings }()

	return Findings{}, p.ValidateStack(ctx, check)
}

// recoverPanic turns a panic into a *PanicError in *err. Call it deferred.
func recoverPanic(err *error) {
	if value := recover(); value != nil {
		*err = &PanicError{Value: value, Stack: debug.Stack()}
	}
}
