package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestIAMNoWildcardResources(t *testing.T) {
	policy := func(document string) property.Map {
		return propsOf(map[string]property.Value{"policy": property.New(document)})
	}

	runPolicyCases(t, newIAMNoWildcardResources(), []policyCase{
		{name: "named resources", kind: caseCompliant, resourceType: typeIAMRolePolicy, props: policy(`{"Statement":[
			{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::files/uploads/*"]}]}`)},
		{name: "describe actions on every resource", kind: caseCompliant, resourceType: typeIAMRolePolicy, props: policy(`{"Statement":[
			{"Effect":"Allow","Action":["ec2:DescribeNetworkInterfaces","ec2:DescribeSubnets"],"Resource":"*"}]}`)},
		{name: "deny on every resource", kind: caseCompliant, resourceType: typeIAMPolicy, props: policy(`{"Statement":[
			{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}`)},
		{name: "one finding per wildcard", kind: caseViolation, resourceType: typeIAMRolePolicy, props: policy(`{"Statement":[
			{"Effect":"Allow","Action":"logs:PutLogEvents","Resource":"arn:aws:logs:eu-west-1:111122223333:log-group:app:*"},
			{"Effect":"Allow","Action":["s3:GetObject","ec2:DescribeSubnets"],"Resource":["*","arn:aws:s3:::*","arn:aws:sqs:eu-west-1:*:jobs"]}]}`),
			want: []string{
				`policy Statement[1] Resource "*" allows "s3:GetObject", "ec2:DescribeSubnets" on every matching resource of the account, expected the ARNs of the resources the principal uses.`,
				`policy Statement[1] Resource "arn:aws:s3:::*" allows "s3:GetObject", "ec2:DescribeSubnets" on every matching resource of the account, expected the ARNs of the resources the principal uses.`,
				`policy Statement[1] Resource "arn:aws:sqs:eu-west-1:*:jobs" allows "s3:GetObject", "ec2:DescribeSubnets" on every matching resource of the account, expected the ARNs of the resources the principal uses.`,
			}},
		{name: "not resource", kind: caseViolation, resourceType: typeIAMPolicy, props: policy(`{"Statement":[
			{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","NotResource":"arn:aws:secretsmanager:eu-west-1:111122223333:secret:admin-*"}]}`),
			want: []string{`policy Statement[0] allows "secretsmanager:GetSecretValue" on every resource except NotResource ` +
				`"arn:aws:secretsmanager:eu-west-1:111122223333:secret:admin-*", expected Resource with the ARNs of the resources the principal uses.`}},
		{name: "bucket policy", kind: caseOtherType, resourceType: typeS3BucketPolicy, props: policy(`{"Statement":[
			{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`)},
		{name: "unknown document", kind: caseUnknown, resourceType: typeIAMRolePolicy,
			props: propsOf(map[string]property.Value{"policy": unknownValue()}), wantUnknown: []string{"policy"}},
	})
}

func TestActionMatching(t *testing.T) {
	if !actionMatches("iam:Put*", "iam:PutRolePolicy") || !actionMatches("IAM:passrole", "iam:PassRole") {
		t.Error("expected wildcard and case-insensitive matches")
	}
	if actionMatches("iam:Get*", "iam:PassRole") {
		t.Error("iam:Get* must not match iam:PassRole")
	}
	if !coveredByActions([]string{"ec2:DescribeSubnets"}, resourceWildcardOnlyActions) {
		t.Error("ec2:DescribeSubnets is covered by ec2:Describe*")
	}
	if coveredByActions([]string{"ec2:DescribeSubnets", "s3:GetObject"}, resourceWildcardOnlyActions) {
		t.Error("s3:GetObject supports resource-level permissions")
	}
}
