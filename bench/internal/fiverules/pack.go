// Package fiverules is a reference policy pack of five common rules, written with the policy/pack
// machinery as the platform's pack is. bench/policyref measures it beside the same five rules for the
// Node.js policy SDK (bench/policyref/nodepack), so every name, type token and message here has a twin
// there, and a test checks that both report the same violations.
package fiverules

import (
	"github.com/secureserverless/framework/policy/pack"
)

// Pack identity, the same as in bench/policyref/nodepack/index.js.
const (
	PackName    = "policyref-five-rules"
	PackVersion = "0.1.0"
)

// Policy names, the same as in bench/policyref/nodepack/index.js.
const (
	PolicyBucketNoPublicReadACL      = "s3-bucket-no-public-read-acl"
	PolicyLambdaRuntimeNotDeprecated = "lambda-runtime-not-deprecated"
	PolicyLambdaFunctionInVPC        = "lambda-function-in-vpc"
	PolicySecurityGroupNoPublicSSH   = "security-group-no-public-ssh"
	PolicyIAMInlinePolicyNoAdmin     = "iam-inline-policy-no-admin"
)

// Type tokens of pulumi-aws v6 that the policies check.
const (
	typeS3Bucket                = "aws:s3/bucket:Bucket"
	typeS3BucketV2              = "aws:s3/bucketV2:BucketV2"
	typeS3BucketACLV2           = "aws:s3/bucketAclV2:BucketAclV2"
	typeLambdaFunction          = "aws:lambda/function:Function"
	typeSecurityGroup           = "aws:ec2/securityGroup:SecurityGroup"
	typeSecurityGroupRule       = "aws:ec2/securityGroupRule:SecurityGroupRule"
	typeVPCSecurityGroupIngress = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	typeIAMRole                 = "aws:iam/role:Role"
	typeIAMRolePolicy           = "aws:iam/rolePolicy:RolePolicy"
	typeIAMUserPolicy           = "aws:iam/userPolicy:UserPolicy"
	typeIAMGroupPolicy          = "aws:iam/groupPolicy:GroupPolicy"
)

// Policies returns the five policies, in the order the server runs them.
func Policies() []*pack.Policy {
	return []*pack.Policy{
		newBucketNoPublicReadACL(),
		newLambdaRuntimeNotDeprecated(),
		newLambdaFunctionInVPC(),
		newSecurityGroupNoPublicSSH(),
		newIAMInlinePolicyNoAdmin(),
	}
}

// NewPack returns the validated five-rule pack. Every policy is mandatory.
func NewPack() (*pack.Pack, error) {
	return pack.New(pack.Args{
		Name:             PackName,
		Version:          PackVersion,
		Description:      "Five reference rules for measuring policy throughput against the Node.js policy SDK.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Policies:         Policies(),
	})
}
