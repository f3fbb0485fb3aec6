package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestIAMNoRiskyPermissions(t *testing.T) {
	policy := func(document string) property.Map {
		return propsOf(map[string]property.Value{"policy": property.New(document)})
	}

	runPolicyCases(t, newIAMNoRiskyPermissions(), []policyCase{
		{name: "scoped pass role", kind: caseCompliant, resourceType: typeIAMRolePolicy, props: policy(`{"Statement":[
			{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/app"},
			{"Effect":"Allow","Action":"ec2:DescribeSubnets","Resource":"*"}]}`)},
		{name: "conditioned pass role", kind: caseCompliant, resourceType: typeIAMPolicy, props: policy(`{"Statement":[
			{"Effect":"Allow","Action":"iam:PassRole","Resource":"*",
			 "Condition":{"StringEquals":{"iam:PassedToService":"lambda.amazonaws.com"}}}]}`)},
		{name: "every class on every resource", kind: caseViolation, resourceType: typeIAMRolePolicy, props: policy(`{"Statement":[
			{"Effect":"Allow","Action":["iam:Put*","iam:CreateAccessKey","secretsmanager:GetSecretValue"],"Resource":"*"}]}`),
			want: []string{
				`policy Statement[0] allows the privilege escalation actions "iam:PutUserPolicy", "iam:PutGroupPolicy", "iam:PutRolePolicy" on Resource "*", expected them limited to named resources or by a Condition.`,
				`policy Statement[0] allows the credential exposure actions "iam:CreateAccessKey" on Resource "*", expected them limited to named resources or by a Condition.`,
				`policy Statement[0] allows the data exfiltration actions "secretsmanager:GetSecretValue" on Resource "*", expected them limited to named resources or by a Condition.`,
			}},
		{name: "not resource", kind: caseViolation, resourceType: typeIAMPolicy, props: policy(`{"Statement":[
			{"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::public/*"}]}`),
			want: []string{`policy Statement[0] allows the data exfiltration actions "s3:GetObject" on every resource except ` +
				`NotResource "arn:aws:s3:::public/*", expected them limited to named resources or by a Condition.`}},
		{name: "topic policy", kind: caseOtherType, resourceType: typeSNSTopic, props: policy(`{"Statement":[
			{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}`)},
		{name: "unknown document", kind: caseUnknown, resourceType: typeIAMRolePolicy,
			props: propsOf(map[string]property.Value{"policy": unknownValue()}), wantUnknown: []string{"policy"}},
	})
}
