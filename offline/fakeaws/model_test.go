package fakeaws

import (
	"bytes"
	"encoding/base64"
	"regexp"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/archive"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testURN(typ, name string) resource.URN {
	return resource.NewURN("dev", "app", "", tokens.Type(typ), name)
}

func str(v string) resource.PropertyValue { return resource.NewStringProperty(v) }

func TestCheckAutonaming(t *testing.T) {
	longName := strings.Repeat("VeryLongName", 10)
	tests := []struct {
		name     string
		typ      string
		logical  string
		olds     resource.PropertyMap
		news     resource.PropertyMap
		property string
		pattern  string
		maxLen   int
	}{
		{
			name: "bucket lowercase", typ: "aws:s3/bucketV2:BucketV2", logical: "Uploads",
			property: "bucket", pattern: `^uploads-[0-9a-f]{7}$`, maxLen: 63,
		},
		{
			name: "bucket cut to 63", typ: "aws:s3/bucketV2:BucketV2", logical: longName,
			property: "bucket", pattern: `^verylongname[a-z]*-[0-9a-f]{7}$`, maxLen: 63,
		},
		{
			name: "role cut to 64", typ: "aws:iam/role:Role", logical: longName,
			property: "name", pattern: `^VeryLongName[A-Za-z]*-[0-9a-f]{7}$`, maxLen: 64,
		},
		{
			name: "function cut to 64", typ: "aws:lambda/function:Function", logical: longName,
			property: "name", pattern: `^VeryLongName[A-Za-z]*-[0-9a-f]{7}$`, maxLen: 64,
		},
		{
			name: "log group", typ: "aws:cloudwatch/logGroup:LogGroup", logical: "api-logs",
			property: "name", pattern: `^api-logs-[0-9a-f]{7}$`, maxLen: 512,
		},
		{
			name: "role policy", typ: "aws:iam/rolePolicy:RolePolicy", logical: "inline",
			property: "name", pattern: `^inline-[0-9a-f]{7}$`, maxLen: 128,
		},
		{
			name: "fifo queue suffix", typ: "aws:sqs/queue:Queue", logical: "jobs",
			news:     resource.PropertyMap{"fifoQueue": resource.NewBoolProperty(true)},
			property: "name", pattern: `^jobs-[0-9a-f]{7}\.fifo$`, maxLen: 80,
		},
		{
			name: "explicit name kept", typ: "aws:s3/bucketV2:BucketV2", logical: "uploads",
			news:     resource.PropertyMap{"bucket": str("My-Explicit")},
			property: "bucket", pattern: `^My-Explicit$`, maxLen: 63,
		},
		{
			name: "old name kept", typ: "aws:iam/role:Role", logical: "exec",
			olds:     resource.PropertyMap{"name": str("exec-1234567")},
			property: "name", pattern: `^exec-1234567$`, maxLen: 64,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			news := tt.news
			if news == nil {
				news = resource.PropertyMap{}
			}
			urn := testURN(tt.typ, tt.logical)

			checked := Model{}.Check(tt.typ, urn, tt.olds, news)

			name, ok := stringValue(checked, tt.property)
			require.True(t, ok, "property %s is set", tt.property)
			assert.Regexp(t, regexp.MustCompile(tt.pattern), name)
			assert.LessOrEqual(t, len(name), tt.maxLen)
			again := Model{}.Check(tt.typ, urn, tt.olds, news)
			assert.Equal(t, checked[resource.PropertyKey(tt.property)], again[resource.PropertyKey(tt.property)],
				"same URN gives same name")
		})
	}
}

func TestCheckAutonameDependsOnURN(t *testing.T) {
	typ := "aws:s3/bucketV2:BucketV2"
	first := Model{}.Check(typ, testURN(typ, "data"), nil, resource.PropertyMap{})
	other := Model{}.Check(typ, resource.NewURN("prod", "app", "", tokens.Type(typ), "data"), nil,
		resource.PropertyMap{})

	assert.NotEqual(t, first["bucket"], other["bucket"])
}

func TestCheckNamePrefixLeavesNameToAWS(t *testing.T) {
	typ := "aws:iam/role:Role"
	news := resource.PropertyMap{"namePrefix": str("exec-")}

	checked := Model{}.Check(typ, testURN(typ, "exec"), nil, news)

	assert.False(t, hasValue(checked, "name"))
}

func TestCheckAppliesDefaults(t *testing.T) {
	typ := "aws:lambda/function:Function"
	news := resource.PropertyMap{"timeout": resource.NewNumberProperty(30)}

	checked := Model{}.Check(typ, testURN(typ, "api"), nil, news)

	assert.Equal(t, resource.NewNumberProperty(128), checked["memorySize"])
	assert.Equal(t, resource.NewNumberProperty(30), checked["timeout"], "explicit value wins")
	assert.Equal(t, str("Zip"), checked["packageType"])
	assert.False(t, hasValue(news, "memorySize"), "news is not modified")
}

func TestMissingInputs(t *testing.T) {
	tests := []struct {
		name   string
		typ    string
		inputs resource.PropertyMap
		want   []string
	}{
		{name: "function without role", typ: "aws:lambda/function:Function", want: []string{"role"}},
		{
			name: "bucket policy complete", typ: "aws:s3/bucketPolicy:BucketPolicy",
			inputs: resource.PropertyMap{"bucket": str("b"), "policy": str("{}")},
		},
		{
			name: "role policy without role", typ: "aws:iam/rolePolicy:RolePolicy",
			inputs: resource.PropertyMap{"policy": str("{}")}, want: []string{"role"},
		},
		{name: "unknown type", typ: "aws:sqs/queue:Queue"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inputs := tt.inputs
			if inputs == nil {
				inputs = resource.PropertyMap{}
			}

			assert.Equal(t, tt.want, Model{}.MissingInputs(tt.typ, inputs))
		})
	}
}

func TestCreateOutputs(t *testing.T) {
	account, region := DefaultAccountID, DefaultRegion
	tests := []struct {
		name     string
		model    Model
		typ      string
		logical  string
		inputs   resource.PropertyMap
		wantID   string
		idRegexp string
		want     map[string]string
		// wantRegexp are outputs derived from the id, as regular expressions.
		wantRegexp map[string]string
	}{
		{
			name: "bucket", typ: "aws:s3/bucketV2:BucketV2", logical: "data",
			inputs: resource.PropertyMap{"bucket": str("data-abc1234")},
			wantID: "data-abc1234",
			want: map[string]string{
				"arn":                      "arn:aws:s3:::data-abc1234",
				"bucketDomainName":         "data-abc1234.s3.amazonaws.com",
				"bucketRegionalDomainName": "data-abc1234.s3.us-east-1.amazonaws.com",
				"hostedZoneId":             "Z3AQBSTGFYJSTF",
				"region":                   region,
			},
		},
		{
			name: "bucket in china partition", model: Model{Region: "cn-north-1"},
			typ: "aws:s3/bucketV2:BucketV2", logical: "data",
			inputs: resource.PropertyMap{"bucket": str("data")}, wantID: "data",
			want: map[string]string{
				"arn":                      "arn:aws-cn:s3:::data",
				"bucketRegionalDomainName": "data.s3.cn-north-1.amazonaws.com.cn",
			},
		},
		{
			name: "bucket from prefix", typ: "aws:s3/bucketV2:BucketV2", logical: "data",
			inputs:   resource.PropertyMap{"bucketPrefix": str("logs-")},
			idRegexp: `^logs-[0-9]{26}$`,
		},
		{
			name: "bucket policy id is bucket", typ: "aws:s3/bucketPolicy:BucketPolicy", logical: "policy",
			inputs: resource.PropertyMap{"bucket": str("data"), "policy": str("{}")},
			wantID: "data",
		},
		{
			name: "public access block id is bucket", typ: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
			logical: "block", inputs: resource.PropertyMap{"bucket": str("data")}, wantID: "data",
		},
		{
			name: "kms key", typ: "aws:kms/key:Key", logical: "key",
			idRegexp: `^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`,
		},
		{
			name: "kms alias", typ: "aws:kms/alias:Alias", logical: "alias",
			inputs: resource.PropertyMap{"name": str("alias/app"), "targetKeyId": str("1111-2222")},
			wantID: "alias/app",
			want: map[string]string{
				"arn":          "arn:aws:kms:" + region + ":" + account + ":alias/app",
				"targetKeyArn": "arn:aws:kms:" + region + ":" + account + ":key/1111-2222",
			},
		},
		{
			name: "role", typ: "aws:iam/role:Role", logical: "exec",
			inputs: resource.PropertyMap{"name": str("exec-1"), "assumeRolePolicy": str("{}")},
			wantID: "exec-1",
			want: map[string]string{
				"arn":        "arn:aws:iam::" + account + ":role/exec-1",
				"createDate": fixedTimeRFC3339,
			},
		},
		{
			name: "role with path", typ: "aws:iam/role:Role", logical: "exec",
			inputs: resource.PropertyMap{"name": str("exec-1"), "path": str("/service/")},
			wantID: "exec-1",
			want:   map[string]string{"arn": "arn:aws:iam::" + account + ":role/service/exec-1"},
		},
		{
			name: "role policy", typ: "aws:iam/rolePolicy:RolePolicy", logical: "inline",
			inputs: resource.PropertyMap{"name": str("inline-1"), "role": str("exec-1"), "policy": str("{}")},
			wantID: "exec-1:inline-1",
		},
		{
			name: "managed policy id is arn", typ: "aws:iam/policy:Policy", logical: "read",
			inputs: resource.PropertyMap{"name": str("read-1"), "policy": str("{}")},
			wantID: "arn:aws:iam::" + account + ":policy/read-1",
			want:   map[string]string{"arn": "arn:aws:iam::" + account + ":policy/read-1"},
		},
		{
			name: "role policy attachment", typ: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
			logical: "attach", inputs: resource.PropertyMap{"role": str("exec-1"), "policyArn": str("arn:p")},
			idRegexp: `^exec-1-[0-9]{26}$`,
		},
		{
			name: "log group", typ: "aws:cloudwatch/logGroup:LogGroup", logical: "logs",
			inputs: resource.PropertyMap{"name": str("/aws/lambda/api")},
			wantID: "/aws/lambda/api",
			want:   map[string]string{"arn": "arn:aws:logs:" + region + ":" + account + ":log-group:/aws/lambda/api"},
		},
		{
			name: "function", typ: "aws:lambda/function:Function", logical: "api",
			inputs: resource.PropertyMap{"name": str("api-1"), "role": str("arn:role")},
			wantID: "api-1",
			want: map[string]string{
				"arn":          "arn:aws:lambda:" + region + ":" + account + ":function:api-1",
				"qualifiedArn": "arn:aws:lambda:" + region + ":" + account + ":function:api-1:$LATEST",
				"invokeArn": "arn:aws:apigateway:" + region + ":lambda:path/2015-03-31/functions/" +
					"arn:aws:lambda:" + region + ":" + account + ":function:api-1/invocations",
				"version":      "$LATEST",
				"lastModified": fixedTimeLambda,
			},
		},
		{
			name: "permission", typ: "aws:lambda/permission:Permission", logical: "invoke",
			inputs: resource.PropertyMap{"statementId": str("AllowApi"), "action": str("lambda:InvokeFunction")},
			wantID: "AllowApi",
		},
		{
			name: "vpc", typ: "aws:ec2/vpc:Vpc", logical: "net",
			inputs:   resource.PropertyMap{"cidrBlock": str("10.0.0.0/16")},
			idRegexp: `^vpc-0[0-9a-f]{16}$`,
		},
		{name: "subnet", typ: "aws:ec2/subnet:Subnet", logical: "private-1", idRegexp: `^subnet-0[0-9a-f]{16}$`},
		{name: "security group", typ: "aws:ec2/securityGroup:SecurityGroup", logical: "sg", idRegexp: `^sg-0[0-9a-f]{16}$`},
		{name: "internet gateway", typ: "aws:ec2/internetGateway:InternetGateway", logical: "igw", idRegexp: `^igw-0[0-9a-f]{16}$`},
		{name: "nat gateway", typ: "aws:ec2/natGateway:NatGateway", logical: "nat", idRegexp: `^nat-0[0-9a-f]{16}$`},
		{name: "eip", typ: "aws:ec2/eip:Eip", logical: "eip", idRegexp: `^eipalloc-0[0-9a-f]{16}$`},
		{name: "vpc endpoint", typ: "aws:ec2/vpcEndpoint:VpcEndpoint", logical: "s3", idRegexp: `^vpce-0[0-9a-f]{16}$`},
		{name: "flow log", typ: "aws:ec2/flowLog:FlowLog", logical: "flow", idRegexp: `^fl-0[0-9a-f]{16}$`},
		{
			name: "ingress rule", typ: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
			logical: "https", idRegexp: `^sgr-0[0-9a-f]{16}$`,
		},
		{
			name: "route", typ: "aws:ec2/route:Route", logical: "default",
			inputs:   resource.PropertyMap{"routeTableId": str("rtb-01"), "destinationCidrBlock": str("0.0.0.0/0")},
			idRegexp: `^r-rtb-01[0-9]+$`,
		},
		{
			name: "queue id is url", typ: "aws:sqs/queue:Queue", logical: "jobs",
			inputs: resource.PropertyMap{"name": str("jobs-1")},
			wantID: "https://sqs." + region + ".amazonaws.com/" + account + "/jobs-1",
			want:   map[string]string{"arn": "arn:aws:sqs:" + region + ":" + account + ":jobs-1"},
		},
		{
			name: "event rule on the default bus", typ: "aws:cloudwatch/eventRule:EventRule", logical: "scan",
			inputs: resource.PropertyMap{"name": str("scan-1")},
			wantID: "scan-1",
			want: map[string]string{
				"arn":          "arn:aws:events:" + region + ":" + account + ":rule/scan-1",
				"eventBusName": "default",
			},
		},
		{
			name: "event rule on another bus", typ: "aws:cloudwatch/eventRule:EventRule", logical: "scan",
			inputs: resource.PropertyMap{"name": str("scan-1"), "eventBusName": str("audit")},
			wantID: "audit/scan-1",
			want: map[string]string{
				"arn":  "arn:aws:events:" + region + ":" + account + ":rule/audit/scan-1",
				"name": "scan-1",
			},
		},
		{
			name: "malware protection plan", typ: "aws:guardduty/malwareProtectionPlan:MalwareProtectionPlan",
			logical: "scan", inputs: resource.PropertyMap{"role": str("arn:aws:iam::" + account + ":role/scan")},
			idRegexp: `^[0-9a-f]{20}$`,
			want:     map[string]string{"status": "ACTIVE", "createdAt": fixedTimeRFC3339},
			wantRegexp: map[string]string{
				"arn": `^arn:aws:guardduty:us-east-1:123456789012:malware-protection-plan/[0-9a-f]{20}$`,
			},
		},
		{
			name: "generic fallback", typ: "aws:sfn/stateMachine:StateMachine", logical: "flow",
			idRegexp: `^flow-[0-9a-f]{7}$`,
			want:     map[string]string{"arn": "arn:aws:sfn:" + region + ":" + account + ":flow"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inputs := tt.inputs
			if inputs == nil {
				inputs = resource.PropertyMap{}
			}

			id, outputs, err := tt.model.Create(tt.typ, tt.logical, inputs, false)

			require.NoError(t, err)
			if tt.wantID != "" {
				assert.Equal(t, tt.wantID, id)
			}
			for key, expression := range tt.wantRegexp {
				got, ok := stringValue(outputs, key)
				assert.True(t, ok, "output %s is a known string", key)
				assert.Regexp(t, regexp.MustCompile(expression), got, "output %s", key)
			}
			if tt.idRegexp != "" {
				assert.Regexp(t, regexp.MustCompile(tt.idRegexp), id)
			}
			for key, want := range tt.want {
				got, ok := stringValue(outputs, key)
				assert.True(t, ok, "output %s is a known string", key)
				assert.Equal(t, want, got, "output %s", key)
			}
			for key, value := range inputs {
				assert.Equal(t, value, outputs[key], "input %s is an output", key)
			}
			assert.False(t, outputs.ContainsUnknowns())
		})
	}
}

func TestCreateOtherPackageHasNoARN(t *testing.T) {
	id, outputs, err := Model{}.Create("random:index/randomPet:RandomPet", "pet", resource.PropertyMap{}, false)

	require.NoError(t, err)
	assert.Regexp(t, regexp.MustCompile(`^pet-[0-9a-f]{7}$`), id)
	assert.NotContains(t, outputs, resource.PropertyKey("arn"))
}

func TestCreateEC2ARNUsesID(t *testing.T) {
	id, outputs, err := Model{}.Create("aws:ec2/vpc:Vpc", "net", resource.PropertyMap{}, false)

	require.NoError(t, err)
	assert.Equal(t, str("arn:aws:ec2:us-east-1:123456789012:vpc/"+id), outputs["arn"])
	assert.Equal(t, str("10.0.0.0/16"), outputs["cidrBlock"])
	assert.Equal(t, outputs["defaultRouteTableId"], outputs["mainRouteTableId"])
}

func TestCreateIsDeterministic(t *testing.T) {
	typ := "aws:ec2/subnet:Subnet"
	inputs := resource.PropertyMap{"vpcId": str("vpc-01"), "cidrBlock": str("10.0.0.0/19")}

	firstID, first, err := Model{}.Create(typ, "private-1", inputs, false)
	require.NoError(t, err)
	secondID, second, err := Model{}.Create(typ, "private-1", inputs.Copy(), false)
	require.NoError(t, err)
	replacedID, _, err := Model{}.Create(typ, "private-1",
		resource.PropertyMap{"vpcId": str("vpc-01"), "cidrBlock": str("10.0.32.0/19")}, false)
	require.NoError(t, err)
	otherID, _, err := Model{}.Create(typ, "private-2", inputs, false)
	require.NoError(t, err)

	assert.Equal(t, firstID, secondID)
	assert.True(t, first.DeepEquals(second))
	assert.NotEqual(t, firstID, replacedID, "a replacement gets a new id")
	assert.NotEqual(t, firstID, otherID)
}

func TestCreatePreview(t *testing.T) {
	typ := "aws:lambda/function:Function"
	inputs := resource.PropertyMap{
		"name":       str("api-1"),
		"role":       resource.MakeComputed(str("")),
		"memorySize": resource.NewNumberProperty(128),
		"tags":       resource.NewObjectProperty(resource.PropertyMap{"team": str("core")}),
	}

	id, outputs, err := Model{DefaultTags: map[string]string{"env": "dev"}}.Create(typ, "api", inputs, true)

	require.NoError(t, err)
	assert.Empty(t, id)
	for _, key := range []resource.PropertyKey{"arn", "invokeArn", "qualifiedArn", "version", "lastModified", "codeSha256"} {
		assert.True(t, outputs[key].IsComputed(), "output %s is unknown", key)
	}
	assert.True(t, outputs["role"].IsComputed(), "unknown input stays unknown")
	assert.Equal(t, str("api-1"), outputs["name"])
	assert.Equal(t, resource.NewNumberProperty(3), outputs["timeout"], "default is known")
	assert.Equal(t, stringObject(map[string]string{"env": "dev", "team": "core"}), outputs["tagsAll"])
}

func TestCreateRejectsUnknownsOutsidePreview(t *testing.T) {
	_, _, err := Model{}.Create("aws:iam/role:Role", "exec",
		resource.PropertyMap{"name": resource.MakeComputed(str(""))}, false)

	require.Error(t, err)
	assert.Contains(t, err.Error(), `aws:iam/role:Role "exec"`)
}

func TestCreateSiblingWithoutBucketFails(t *testing.T) {
	_, _, err := Model{}.Create("aws:s3/bucketPolicy:BucketPolicy", "policy", resource.PropertyMap{}, false)

	require.Error(t, err)
	assert.Contains(t, err.Error(), `"bucket"`)
}

func TestLambdaCodeHash(t *testing.T) {
	typ := "aws:lambda/function:Function"
	code := func(hash, path string) resource.PropertyValue {
		return resource.NewArchiveProperty(&archive.Archive{Sig: archive.ArchiveSig, Hash: hash, Path: path})
	}
	hashA := strings.Repeat("ab", 32)
	hashB := strings.Repeat("cd", 32)

	_, first, err := Model{}.Create(typ, "api", resource.PropertyMap{"name": str("api"), "code": code(hashA, "a.zip")}, false)
	require.NoError(t, err)
	_, moved, err := Model{}.Create(typ, "api", resource.PropertyMap{"name": str("api"), "code": code(hashA, "b.zip")}, false)
	require.NoError(t, err)
	_, changed, err := Model{}.Create(typ, "api", resource.PropertyMap{"name": str("api"), "code": code(hashB, "a.zip")}, false)
	require.NoError(t, err)

	wantSha := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0xab}, 32))
	assert.Equal(t, str(wantSha), first["codeSha256"], "base64 of the archive hash")
	assert.Equal(t, first["codeSha256"], first["sourceCodeHash"])
	assert.Equal(t, first["codeSha256"], moved["codeSha256"], "same hash at another path")
	assert.NotEqual(t, first["codeSha256"], changed["codeSha256"])
	assert.True(t, first["sourceCodeSize"].IsNumber())
}

func TestUpdate(t *testing.T) {
	typ := "aws:lambda/function:Function"
	oldInputs := resource.PropertyMap{
		"name": str("api"),
		"code": resource.NewArchiveProperty(&archive.Archive{Sig: archive.ArchiveSig, Hash: strings.Repeat("ab", 32)}),
	}
	id, olds, err := Model{}.Create(typ, "api", oldInputs, false)
	require.NoError(t, err)
	olds["uniqueMarker"] = str("kept")

	tests := []struct {
		name        string
		code        string
		preview     bool
		wantUnknown bool
		wantChanged bool
	}{
		{name: "same code", code: strings.Repeat("ab", 32)},
		{name: "same code preview", code: strings.Repeat("ab", 32), preview: true},
		{name: "new code", code: strings.Repeat("cd", 32), wantChanged: true},
		{name: "new code preview", code: strings.Repeat("cd", 32), preview: true, wantUnknown: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			news := resource.PropertyMap{
				"name":    str("api"),
				"timeout": resource.NewNumberProperty(30),
				"code":    resource.NewArchiveProperty(&archive.Archive{Sig: archive.ArchiveSig, Hash: tt.code}),
			}

			outputs, err := Model{}.Update(typ, id, olds, news, tt.preview)

			require.NoError(t, err)
			assert.Equal(t, resource.NewNumberProperty(30), outputs["timeout"])
			assert.Equal(t, olds["arn"], outputs["arn"], "old computed output kept")
			assert.Equal(t, tt.wantUnknown, outputs["codeSha256"].IsComputed())
			if !tt.wantUnknown {
				assert.Equal(t, tt.wantChanged, !olds["codeSha256"].DeepEquals(outputs["codeSha256"]))
			}
		})
	}
}

func TestUpdateRequiresID(t *testing.T) {
	_, err := Model{}.Update("aws:iam/role:Role", "", resource.PropertyMap{}, resource.PropertyMap{}, false)

	assert.Error(t, err)
}

func TestComputedOutputs(t *testing.T) {
	keys := Model{}.ComputedOutputs("aws:iam/role:Role")

	assert.Contains(t, keys, "arn")
	assert.Contains(t, keys, "uniqueId")
	assert.Contains(t, keys, "tagsAll")
	assert.NotContains(t, keys, "assumeRolePolicy")
}

func TestReplaceOnChange(t *testing.T) {
	tests := []struct {
		name    string
		typ     string
		want    []string
		notWant []string
	}{
		{name: "bucket", typ: "aws:s3/bucketV2:BucketV2", want: []string{"bucket", "bucketPrefix"}, notWant: []string{"tags"}},
		{name: "function", typ: "aws:lambda/function:Function", want: []string{"name"}, notWant: []string{"code", "role"}},
		{name: "subnet", typ: "aws:ec2/subnet:Subnet", want: []string{"cidrBlock", "vpcId", "availabilityZone"}},
		{name: "role policy", typ: "aws:iam/rolePolicy:RolePolicy", want: []string{"role", "name"}, notWant: []string{"policy"}},
		{name: "event rule", typ: "aws:cloudwatch/eventRule:EventRule", want: []string{"name", "eventBusName"}, notWant: []string{"eventPattern"}},
		{
			name: "malware protection plan", typ: "aws:guardduty/malwareProtectionPlan:MalwareProtectionPlan",
			want: []string{"protectedResource.s3Bucket.bucketName"}, notWant: []string{"role", "protectedResource", "actions"},
		},
		{name: "unknown type", typ: "aws:foo/bar:Bar"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ReplaceOnChange(tt.typ)

			for _, key := range tt.want {
				assert.Contains(t, got, key)
			}
			for _, key := range tt.notWant {
				assert.NotContains(t, got, key)
			}
			if len(tt.want) == 0 {
				assert.Nil(t, got)
			}
		})
	}
}

func TestReplaceOnChangeReturnsCopy(t *testing.T) {
	typ := "aws:s3/bucketV2:BucketV2"
	got := ReplaceOnChange(typ)
	require.NotEmpty(t, got)

	got[0] = "changed"

	assert.NotEqual(t, "changed", ReplaceOnChange(typ)[0])
}
