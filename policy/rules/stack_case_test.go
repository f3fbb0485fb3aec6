package rules

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/policy/pack"
)

// stackCase is one stack validated by one stack policy. The kinds are those of policyCase: the other
// type case is a stack without any resource that the policy checks.
type stackCase struct {
	name      string
	kind      caseKind
	resources []pack.Resource
	config    map[string]any
	// want are the expected violations, as "NAME: MESSAGE" with the name of the resource reported.
	want []string
	// wantUnknown are the expected unknown properties, as "NAME: PROPERTY".
	wantUnknown []string
}

// runStackCases checks each case with a stack policy, as the pack server does, and compares the
// findings with want and wantUnknown. It fails unless the cases cover every kind of the matrix.
func runStackCases(t *testing.T, policy *pack.Policy, cases []stackCase) {
	t.Helper()
	require.True(t, policy.IsStackPolicy(), "%s is not a stack policy", policy.Name)

	covered := map[caseKind]bool{}
	for _, tc := range cases {
		covered[tc.kind] = true
	}
	for _, kind := range []caseKind{caseCompliant, caseViolation, caseOtherType, caseUnknown} {
		require.Truef(t, covered[kind], "the cases of %s cover no case of kind %d", policy.Name, kind)
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.kind == caseViolation {
				require.NotEmpty(t, tc.want, "a violation case needs the expected messages")
			} else {
				require.Empty(t, tc.want, "only a violation case expects messages")
			}
			if tc.kind == caseUnknown {
				require.NotEmpty(t, tc.wantUnknown, "an unknown case needs the expected unknown properties")
			}

			names := map[string]string{}
			for _, resource := range tc.resources {
				names[resource.URN] = resource.Name
			}
			check := &pack.StackCheck{Resources: tc.resources, Config: tc.config}
			findings, err := policy.CheckStack(context.Background(), check)
			require.NoError(t, err)

			var messages, unknowns []string
			for _, violation := range findings.Violations {
				require.Contains(t, names, violation.URN, "a stack policy reports on a resource of the stack")
				messages = append(messages, names[violation.URN]+": "+violation.Message)
			}
			for _, unknown := range findings.Unknowns {
				require.Contains(t, names, unknown.URN, "a stack policy reports on a resource of the stack")
				unknowns = append(unknowns, names[unknown.URN]+": "+unknown.Property)
			}
			assert.Equal(t, tc.want, messages)
			assert.Equal(t, tc.wantUnknown, unknowns)
		})
	}
}

// stackResource returns a resource of a stack under test, with a URN built from its type and name.
func stackResource(resourceType, name string, props property.Map) pack.Resource {
	return pack.Resource{
		Type:       resourceType,
		Name:       name,
		URN:        "urn:pulumi:test::secure-serverless::" + resourceType + "::" + name,
		Properties: props,
	}
}

// dependingOn returns a copy of resource whose property was built from the outputs of targets.
func dependingOn(resource pack.Resource, property string, targets ...pack.Resource) pack.Resource {
	dependencies := maps.Clone(resource.PropertyDependencies)
	if dependencies == nil {
		dependencies = map[string][]string{}
	}
	urns := slices.Clone(dependencies[property])
	for _, target := range targets {
		urns = append(urns, target.URN)
	}
	dependencies[property] = urns
	resource.PropertyDependencies = dependencies
	return resource
}

// childOf returns a copy of resource whose parent is parent.
func childOf(resource, parent pack.Resource) pack.Resource {
	resource.Parent = parent.URN
	return resource
}
