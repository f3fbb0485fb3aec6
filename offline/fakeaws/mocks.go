package fakeaws

import (
	"fmt"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Mocks adapts the model to Pulumi unit-test mocks, for use with
// pulumi.RunErr(fn, pulumi.WithMocks(project, stack, mocks)). It records every registered resource for
// assertions. A Mocks is safe for concurrent use, which the Pulumi SDK needs because it registers resources
// from several goroutines.
type Mocks struct {
	// Model is the fake account the resources are created in.
	Model Model

	mu        sync.Mutex
	resources []MockResource
}

var _ pulumi.MockResourceMonitor = (*Mocks)(nil)

// MockResource is one resource registered under Mocks.
type MockResource struct {
	// Type is the type token, such as "aws:s3/bucketV2:BucketV2".
	Type string
	// Name is the logical name.
	Name string
	// Parent is the URN of the parent resource, or "" when the resource has none.
	Parent string
	// Custom is true for provider-managed resources and false for components.
	Custom bool
	// Inputs are the inputs after the provider's Check, so they include autonamed names and schema defaults.
	// Component inputs are recorded as registered.
	Inputs resource.PropertyMap
	// Outputs are the properties the resource resolved to.
	Outputs resource.PropertyMap
	// ID is the physical id, or "" for components.
	ID string
	// Dependencies are the URNs of the resources this one depends on, explicit (DependsOn) and through
	// its inputs, as the SDK sent them.
	Dependencies []string
	// Protect and RetainOnDelete are the resource options of the same names.
	Protect        bool
	RetainOnDelete bool
}

// NewMocks returns mocks for the default fake account.
func NewMocks() *Mocks {
	return &Mocks{}
}

// NewResource checks the inputs as the provider would and creates the resource in the model. Components
// return their inputs and the id "". Provider resources (pulumi:providers:*) return their inputs and a
// UUID-shaped id. A resource read by id keeps that id and gets the outputs the model computes for it.
//
// NOTE: remote components such as awsx:ec2:Vpc are components here, so they have no children and their
// outputs are their inputs. An awsx:ec2:Vpc also gets its vpcId and subnet id lists (see awsxVpcOutputs).
// The stand-in awsx provider builds the children when the real engine runs the program.
func (m *Mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	parent := ""
	var dependencies []string
	switch {
	case args.RegisterRPC != nil:
		parent = args.RegisterRPC.GetParent()
		dependencies = args.RegisterRPC.GetDependencies()
	case args.ReadRPC != nil:
		parent = args.ReadRPC.GetParent()
		dependencies = args.ReadRPC.GetDependencies()
	}
	record := MockResource{
		Type: args.TypeToken, Name: args.Name, Parent: parent, Custom: args.Custom, Inputs: args.Inputs,
		Dependencies:   dependencies,
		Protect:        args.RegisterRPC.GetProtect(),
		RetainOnDelete: args.RegisterRPC.GetRetainOnDelete(),
	}

	id, outputs, err := m.register(args, parent, &record)
	if err != nil {
		return "", nil, err
	}
	record.ID = id
	record.Outputs = outputs

	m.mu.Lock()
	m.resources = append(m.resources, record)
	m.mu.Unlock()
	return id, outputs, nil
}

// register computes the id and outputs of a registration and stores the checked inputs in record.
func (m *Mocks) register(args pulumi.MockResourceArgs, parent string, record *MockResource) (string, resource.PropertyMap, error) {
	if args.ReadRPC != nil {
		// A read of an existing resource by id, such as s3.GetBucketV2. The mock monitor marks reads as not
		// custom, but only custom resources can be read.
		record.Custom = true
		outputs, err := m.Model.Read(args.TypeToken, args.Name, args.ID, args.Inputs)
		if err != nil {
			return "", nil, fmt.Errorf("reading %s %q: %w", args.TypeToken, args.Name, err)
		}
		return args.ID, outputs, nil
	}
	if !args.Custom {
		if args.TypeToken == AWSXVpcType {
			return "", m.Model.awsxVpcOutputs(args.Name, args.Inputs), nil
		}
		return "", args.Inputs, nil
	}
	if strings.HasPrefix(args.TypeToken, "pulumi:providers:") {
		return deriveUUID(args.TypeToken, args.Name), args.Inputs, nil
	}

	urn := mockURN(parent, args.TypeToken, args.Name)
	checked := m.Model.Check(args.TypeToken, urn, nil, args.Inputs)
	record.Inputs = checked
	if missing := m.Model.MissingInputs(args.TypeToken, checked); len(missing) > 0 {
		return "", nil, fmt.Errorf("registering %s %q: missing required inputs %s",
			args.TypeToken, args.Name, strings.Join(missing, ", "))
	}

	id, outputs, err := m.Model.Create(args.TypeToken, args.Name, checked, false)
	if err != nil {
		return "", nil, fmt.Errorf("registering %s %q: %w", args.TypeToken, args.Name, err)
	}
	return id, outputs, nil
}

// Call returns the result of a data source call (an invoke), computed by the model.
func (m *Mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return m.Model.Invoke(args.Token, args.Args)
}

// Resources returns the registered resources in registration order.
func (m *Mocks) Resources() []MockResource {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]MockResource(nil), m.resources...)
}

// ByType returns the registered resources of the type token, in registration order.
func (m *Mocks) ByType(typ string) []MockResource {
	var out []MockResource
	for _, r := range m.Resources() {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// Find returns the registered resource with the type token and logical name.
func (m *Mocks) Find(typ, name string) (MockResource, bool) {
	for _, r := range m.Resources() {
		if r.Type == typ && r.Name == name {
			return r, true
		}
	}
	return MockResource{}, false
}

// mockURN returns the URN the mock monitor gives a resource: stack and project come from the parent URN,
// and the parent type is part of the type unless the parent is the stack.
func mockURN(parent, typ, name string) resource.URN {
	stack, project, parentType := tokens.QName("stack"), tokens.PackageName("project"), tokens.Type("")
	if parentURN := resource.URN(parent); parentURN.IsValid() {
		stack = parentURN.Stack()
		project = parentURN.Project()
		if parentURN.QualifiedType() != resource.RootStackType {
			parentType = parentURN.QualifiedType()
		}
	}
	return resource.NewURN(stack, project, parentType, tokens.Type(typ), name)
}

// DependsOn reports whether the resource depends on the resource with the type token and logical name.
func (r MockResource) DependsOn(typ, name string) bool {
	for _, dependency := range r.Dependencies {
		urn := resource.URN(dependency)
		if urn.IsValid() && string(urn.Type()) == typ && urn.Name() == name {
			return true
		}
	}
	return false
}
