package rules

import (
	"context"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/policy/pack"
)

// caseKind is the row of the test matrix that every policy test covers.
type caseKind int

const (
	// caseCompliant is a resource of a checked type that passes: no violation.
	caseCompliant caseKind = iota + 1
	// caseViolation is a resource of a checked type that fails: the exact messages in want.
	caseViolation
	// caseOtherType is a resource of a type that the policy does not check: no violation.
	caseOtherType
	// caseUnknown is a resource whose checked property is computed, as in a preview: no panic, no
	// violation, and the unknown properties in wantUnknown.
	caseUnknown
)

// policyCase is one resource validated by one policy.
type policyCase struct {
	name         string
	kind         caseKind
	resourceType string
	props        property.Map
	config       map[string]any
	want         []string
	// wantUnknown are the paths of the properties that the policy reports as unknown.
	wantUnknown []string
}

// testResourceURN is the URN given to every resource under test.
const testResourceURN = "urn:pulumi:test::secure-serverless::resource::under-test"

// runPolicyCases checks each case with policy, as the pack server does, and compares the reported
// messages with want and the unknown properties with wantUnknown. It fails unless the cases cover
// every kind of the matrix.
func runPolicyCases(t *testing.T, policy *pack.Policy, cases []policyCase) {
	t.Helper()

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

			check := &pack.ResourceCheck{
				Resource: pack.Resource{
					Type:       tc.resourceType,
					Properties: tc.props,
					URN:        testResourceURN,
					Name:       "under-test",
				},
				Config: tc.config,
			}
			findings, err := policy.CheckResource(context.Background(), check)
			require.NoError(t, err)

			var messages, unknowns []string
			for _, violation := range findings.Violations {
				messages = append(messages, violation.Message)
				assert.Equal(t, testResourceURN, violation.URN, "a resource policy reports on the resource under check")
			}
			for _, unknown := range findings.Unknowns {
				unknowns = append(unknowns, unknown.Property)
				assert.Equal(t, testResourceURN, unknown.URN)
			}
			assert.Equal(t, tc.want, messages)
			assert.Equal(t, tc.wantUnknown, unknowns)
		})
	}
}

// Shorthands for property values in test tables.

func objectValue(fields map[string]property.Value) property.Value {
	return property.New(fields)
}

func listValue(elements ...property.Value) property.Value {
	return property.New(elements)
}

func unknownValue() property.Value {
	return property.New(property.Computed)
}

func propsOf(fields map[string]property.Value) property.Map {
	return property.NewMap(fields)
}
