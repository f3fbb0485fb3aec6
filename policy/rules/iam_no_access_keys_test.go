package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestIAMNoAccessKeys(t *testing.T) {
	accessKey := func(status property.Value) property.Map {
		return propsOf(map[string]property.Value{"user": property.New("ci"), "status": status})
	}

	runPolicyCases(t, newIAMNoAccessKeys(), []policyCase{
		{name: "inactive", kind: caseCompliant, resourceType: typeIAMAccessKey, props: accessKey(property.New("Inactive"))},
		{name: "active", kind: caseViolation, resourceType: typeIAMAccessKey, props: accessKey(property.New("Active")),
			want: []string{`the stack creates an active IAM access key (status "Active"), expected an IAM role instead of a long-lived key.`}},
		{name: "default status", kind: caseViolation, resourceType: typeIAMAccessKey,
			props: propsOf(map[string]property.Value{"user": property.New("ci")}),
			want:  []string{`the stack creates an active IAM access key (status not set), expected an IAM role instead of a long-lived key.`}},
		{name: "role", kind: caseOtherType, resourceType: typeIAMRole, props: accessKey(property.New("Active"))},
		{name: "unknown", kind: caseUnknown, resourceType: typeIAMAccessKey, props: accessKey(unknownValue()),
			wantUnknown: []string{"status"}},
	})
}
