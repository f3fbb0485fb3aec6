package rules

import (
	"context"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordingManager is a policyx.PolicyManager that records every reported violation.
type recordingManager struct {
	messages []string
	urns     []string
}

func (m *recordingManager) ReportViolation(message string, urn string) {
	m.messages = append(m.messages, message)
	m.urns = append(m.urns, urn)
}

// caseKind is the row of the test matrix that every policy test covers.
type caseKind int

const (
	// caseCompliant is a resource of a checked type that passes: no violation.
	caseCompliant caseKind = iota + 1
	// caseViolation is a resource of a checked type that fails: the exact messages in want.
	caseViolation
	// caseOtherType is a resource of a type that the policy does not check: no violation.
	caseOtherType
	// caseUnknown is a resource whose checked property is computed, as in a preview: no panic and
	// no violation.
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
}

// testResourceURN is the URN given to every resource under test.
const testResourceURN = "urn:pulumi:test::secure-serverless::resource::under-test"

// runPolicyCases validates each case with policy and compares the reported messages with want. It
// fails unless the cases cover every kind of the matrix.
func runPolicyCases(t *testing.T, policy policyx.ResourceValidationPolicy, cases []policyCase) {
	t.Helper()

	covered := map[caseKind]bool{}
	for _, tc := range cases {
		covered[tc.kind] = true
	}
	for _, kind := range []caseKind{caseCompliant, caseViolation, caseOtherType, caseUnknown} {
		require.Truef(t, covered[kind], "the cases of %s cover no case of kind %d", policy.Name(), kind)
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.kind == caseViolation {
				require.NotEmpty(t, tc.want, "a violation case needs the expected messages")
			} else {
				require.Empty(t, tc.want, "only a violation case expects messages")
			}

			manager := &recordingManager{}
			args := policyx.ResourceValidationArgs{
				Manager: manager,
				Resource: policyx.AnalyzerResource{
					Type:       tc.resourceType,
					Properties: tc.props,
					URN:        testResourceURN,
					Name:       "under-test",
				},
				Config: tc.config,
			}

			var err error
			require.NotPanics(t, func() { err = policy.Validate(context.Background(), args) })
			require.NoError(t, err)

			assert.Equal(t, tc.want, manager.messages)
			for _, urn := range manager.urns {
				assert.Empty(t, urn, "an empty URN attaches the violation to the resource under validation")
			}
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
