package fakeaws

import (
	"encoding/json"
	"errors"
	"hash/crc32"
	"strconv"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInvokeDataSources(t *testing.T) {
	tests := []struct {
		name  string
		model Model
		token string
		args  resource.PropertyMap
		want  resource.PropertyMap
	}{
		{
			name: "caller identity", token: TokenGetCallerIdentity,
			want: resource.PropertyMap{
				"accountId": str(DefaultAccountID),
				"arn":       str("arn:aws:iam::" + DefaultAccountID + ":user/standin"),
				"id":        str(DefaultAccountID),
			},
		},
		{
			name: "caller identity in other account", model: Model{AccountID: "210987654321"}, token: TokenGetCallerIdentity,
			want: resource.PropertyMap{"accountId": str("210987654321")},
		},
		{
			name: "region", token: TokenGetRegion,
			want: resource.PropertyMap{
				"name":        str("us-east-1"),
				"description": str("US East (N. Virginia)"),
				"endpoint":    str("ec2.us-east-1.amazonaws.com"),
				"id":          str("us-east-1"),
			},
		},
		{
			name: "region by name", token: TokenGetRegion, args: resource.PropertyMap{"name": str("eu-west-1")},
			want: resource.PropertyMap{"name": str("eu-west-1"), "description": str("Europe (Ireland)")},
		},
		{
			name: "partition", token: TokenGetPartition,
			want: resource.PropertyMap{
				"partition":        str("aws"),
				"dnsSuffix":        str("amazonaws.com"),
				"reverseDnsPrefix": str("com.amazonaws"),
				"id":               str("aws"),
			},
		},
		{
			name: "partition of china region", model: Model{Region: "cn-north-1"}, token: TokenGetPartition,
			want: resource.PropertyMap{"partition": str("aws-cn"), "dnsSuffix": str("amazonaws.com.cn")},
		},
		{
			name: "availability zones", token: TokenGetAvailabilityZones,
			want: resource.PropertyMap{
				"names":      stringArray("us-east-1a", "us-east-1b", "us-east-1c"),
				"zoneIds":    stringArray("use1-az1", "use1-az2", "use1-az3"),
				"groupNames": stringArray("us-east-1"),
				"id":         str("us-east-1"),
			},
		},
		{
			name: "availability zones excluding one", model: Model{Region: "ap-southeast-2"},
			token: TokenGetAvailabilityZones,
			args:  resource.PropertyMap{"state": str("available"), "excludeNames": stringArray("ap-southeast-2b")},
			want: resource.PropertyMap{
				"names":   stringArray("ap-southeast-2a", "ap-southeast-2c"),
				"zoneIds": stringArray("apse2-az1", "apse2-az3"),
				"state":   str("available"),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			result, err := tt.model.Invoke(tt.token, tt.args)

			require.NoError(t, err)
			for key, want := range tt.want {
				assert.Equal(t, want, result[key], "result %s", key)
			}
		})
	}
}

func TestInvokeCallerUserID(t *testing.T) {
	result, err := Model{}.Invoke(TokenGetCallerIdentity, nil)

	require.NoError(t, err)
	assert.Regexp(t, `^AIDA[A-Z2-7]{17}$`, result["userId"].StringValue())
}

func TestInvokeUnknownToken(t *testing.T) {
	token := "aws:ec2/getVpc:getVpc"

	_, err := Model{}.Invoke(token, resource.PropertyMap{})

	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrNotModeled))
	assert.Contains(t, err.Error(), token)
	assert.Contains(t, err.Error(), "stand-in")
}

// principalBlock builds one principals argument element.
func principalBlock(typ string, identifiers ...string) resource.PropertyValue {
	return resource.NewObjectProperty(resource.PropertyMap{
		"type": str(typ), "identifiers": stringArray(identifiers...),
	})
}

// conditionBlock builds one conditions argument element.
func conditionBlock(test, variable string, values ...string) resource.PropertyValue {
	return resource.NewObjectProperty(resource.PropertyMap{
		"test": str(test), "variable": str(variable), "values": stringArray(values...),
	})
}

// statementArgs builds a statements argument.
func statementArgs(statements ...resource.PropertyMap) resource.PropertyValue {
	values := make([]resource.PropertyValue, 0, len(statements))
	for _, s := range statements {
		values = append(values, resource.NewObjectProperty(s))
	}
	return resource.NewArrayProperty(values)
}

// decodeJSON decodes a document for comparison with an expected structure.
func decodeJSON(t *testing.T, document string) map[string]any {
	t.Helper()
	var out map[string]any
	require.NoError(t, json.Unmarshal([]byte(document), &out))
	return out
}

func TestPolicyDocument(t *testing.T) {
	tests := []struct {
		name string
		args resource.PropertyMap
		want string
	}{
		{
			name: "assume role single values",
			args: resource.PropertyMap{"statements": statementArgs(resource.PropertyMap{
				"actions":    stringArray("sts:AssumeRole"),
				"principals": resource.NewArrayProperty([]resource.PropertyValue{principalBlock("Service", "lambda.amazonaws.com")}),
			})},
			want: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
				"Principal":{"Service":"lambda.amazonaws.com"}}]}`,
		},
		{
			name: "lists in reverse order",
			args: resource.PropertyMap{"statements": statementArgs(resource.PropertyMap{
				"sid":       str("Read"),
				"actions":   stringArray("s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation"),
				"resources": stringArray("arn:aws:s3:::b", "arn:aws:s3:::b/*"),
			})},
			want: `{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow",
				"Action":["s3:ListBucket","s3:GetObject","s3:GetBucketLocation"],
				"Resource":["arn:aws:s3:::b/*","arn:aws:s3:::b"]}]}`,
		},
		{
			name: "deny with conditions",
			args: resource.PropertyMap{"statements": statementArgs(resource.PropertyMap{
				"sid":        str("DenyInsecureTransport"),
				"effect":     str("Deny"),
				"actions":    stringArray("s3:*"),
				"resources":  stringArray("arn:aws:s3:::b/*"),
				"principals": resource.NewArrayProperty([]resource.PropertyValue{principalBlock("*", "*")}),
				"conditions": resource.NewArrayProperty([]resource.PropertyValue{
					conditionBlock("Bool", "aws:SecureTransport", "false"),
					conditionBlock("StringNotEquals", "s3:x-amz-server-side-encryption", "aws:kms", "AES256"),
				}),
			})},
			want: `{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny",
				"Action":"s3:*","Resource":"arn:aws:s3:::b/*","Principal":"*",
				"Condition":{"Bool":{"aws:SecureTransport":"false"},
				"StringNotEquals":{"s3:x-amz-server-side-encryption":["aws:kms","AES256"]}}}]}`,
		},
		{
			name: "principals of one type merged",
			args: resource.PropertyMap{"statements": statementArgs(resource.PropertyMap{
				"actions": stringArray("kms:Decrypt"),
				"principals": resource.NewArrayProperty([]resource.PropertyValue{
					principalBlock("AWS", "arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root"),
					principalBlock("AWS", "arn:aws:iam::333333333333:root"),
				}),
				"notResources": stringArray("arn:aws:kms:*:*:key/&{aws:username}"),
			})},
			want: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt",
				"NotResource":"arn:aws:kms:*:*:key/${aws:username}",
				"Principal":{"AWS":["arn:aws:iam::222222222222:root","arn:aws:iam::111111111111:root",
				"arn:aws:iam::333333333333:root"]}}]}`,
		},
		{
			name: "source and override documents",
			args: resource.PropertyMap{
				"policyId": str("doc-1"),
				"sourcePolicyDocuments": stringArray(
					`{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*"},` +
						`{"Sid":"B","Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}`),
				"statements": statementArgs(resource.PropertyMap{
					"sid": str("B"), "effect": str("Deny"), "actions": stringArray("s3:PutObject"), "resources": stringArray("*"),
				}),
				"overridePolicyDocuments": stringArray(
					`{"Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:GetObjectVersion","Resource":"*"},` +
						`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Principal":{"AWS":["b","a"]},` +
						`"Condition":{"Bool":{"aws:MultiFactorAuthPresent":true}}}]}`),
			},
			want: `{"Version":"2012-10-17","Id":"doc-1","Statement":[
				{"Sid":"A","Effect":"Allow","Action":"s3:GetObjectVersion","Resource":"*"},
				{"Sid":"B","Effect":"Deny","Action":"s3:PutObject","Resource":"*"},
				{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Principal":{"AWS":["b","a"]},
				"Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`,
		},
		{
			name: "version 2008",
			args: resource.PropertyMap{"version": str("2008-10-17")},
			want: `{"Version":"2008-10-17"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			result, err := Model{}.Invoke(TokenGetPolicyDocument, tt.args)

			require.NoError(t, err)
			document, ok := stringValue(result, "json")
			require.True(t, ok, "json is a string")
			minified, ok := stringValue(result, "minifiedJson")
			require.True(t, ok, "minifiedJson is a string")
			assert.Equal(t, decodeJSON(t, tt.want), decodeJSON(t, document))
			assert.Equal(t, decodeJSON(t, document), decodeJSON(t, minified))
			assert.Contains(t, document, "\n  \"Version\"", "json is indented by two spaces")
			assert.NotContains(t, minified, "\n")
			wantID := strconv.FormatUint(uint64(crc32.ChecksumIEEE([]byte(document))), 10)
			assert.Equal(t, str(wantID), result["id"])
		})
	}
}

func TestPolicyDocumentKeyOrder(t *testing.T) {
	args := resource.PropertyMap{"statements": statementArgs(resource.PropertyMap{
		"sid": str("S"), "actions": stringArray("s3:GetObject"), "resources": stringArray("*"),
		"principals": resource.NewArrayProperty([]resource.PropertyValue{principalBlock("AWS", "a")}),
	})}

	result, err := Model{}.Invoke(TokenGetPolicyDocument, args)

	require.NoError(t, err)
	assert.Equal(t,
		`{"Version":"2012-10-17","Statement":[{"Sid":"S","Effect":"Allow","Action":"s3:GetObject",`+
			`"Resource":"*","Principal":{"AWS":"a"}}]}`,
		result["minifiedJson"].StringValue())
}

func TestPolicyDocumentErrors(t *testing.T) {
	tests := []struct {
		name string
		args resource.PropertyMap
		want string
	}{
		{
			name: "duplicate sid",
			args: resource.PropertyMap{"statements": statementArgs(
				resource.PropertyMap{"sid": str("A"), "actions": stringArray("s3:GetObject")},
				resource.PropertyMap{"sid": str("A"), "actions": stringArray("s3:PutObject")},
			)},
			want: `duplicate Sid "A"`,
		},
		{
			name: "invalid effect",
			args: resource.PropertyMap{"statements": statementArgs(resource.PropertyMap{"effect": str("Maybe")})},
			want: `invalid effect "Maybe"`,
		},
		{
			name: "variable in 2008 version",
			args: resource.PropertyMap{
				"version":    str("2008-10-17"),
				"statements": statementArgs(resource.PropertyMap{"resources": stringArray("arn:&{aws:username}")}),
			},
			want: "policy variables",
		},
		{
			name: "invalid source document",
			args: resource.PropertyMap{"sourcePolicyDocuments": stringArray("{not json")},
			want: "merging source policy document 0",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Model{}.Invoke(TokenGetPolicyDocument, tt.args)

			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, err.Error(), TokenGetPolicyDocument)
		})
	}
}
