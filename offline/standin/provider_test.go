package standin

import (
	"context"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/archive"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/secureserverless/framework/offline/fakeaws"
)

const (
	bucketType   = "aws:s3/bucketV2:BucketV2"
	functionType = "aws:lambda/function:Function"
	roleType     = "aws:iam/role:Role"
)

func urnOf(typ, name string) string {
	return string(resource.NewURN("dev", "app", "", tokens.Type(typ), name))
}

func encode(t *testing.T, props resource.PropertyMap) *structpb.Struct {
	t.Helper()
	encoded, err := plugin.MarshalProperties(props, marshalOptions)
	require.NoError(t, err)
	return encoded
}

func decode(t *testing.T, encoded *structpb.Struct) resource.PropertyMap {
	t.Helper()
	props, err := plugin.UnmarshalProperties(encoded, unmarshalOptions)
	require.NoError(t, err)
	return props
}

func str(v string) resource.PropertyValue { return resource.NewStringProperty(v) }

func codeArchive(hash, path string) resource.PropertyValue {
	return resource.NewArchiveProperty(&archive.Archive{Sig: archive.ArchiveSig, Hash: hash, Path: path})
}

func TestGetPluginInfo(t *testing.T) {
	info, err := NewAWSProvider().GetPluginInfo(context.Background(), &emptypb.Empty{})

	require.NoError(t, err)
	assert.Equal(t, "6.83.4", info.GetVersion())
}

func TestGetSchemaNamesPackage(t *testing.T) {
	schema, err := NewAWSProvider().GetSchema(context.Background(), &pulumirpc.GetSchemaRequest{})

	require.NoError(t, err)
	assert.JSONEq(t, `{"name":"aws","version":"6.83.4"}`, schema.GetSchema())
}

func TestConfigure(t *testing.T) {
	p := NewAWSProvider()

	resp, err := p.Configure(context.Background(), &pulumirpc.ConfigureRequest{
		Variables: map[string]string{"aws:region": "eu-central-1", "aws:defaultTags": `{"tags":{"env":"dev"}}`},
		Args: encode(t, resource.PropertyMap{
			"defaultTags": resource.NewObjectProperty(resource.PropertyMap{
				"tags": resource.NewObjectProperty(resource.PropertyMap{"team": str("core")}),
			}),
		}),
	})

	require.NoError(t, err)
	assert.True(t, resp.GetSupportsPreview())
	assert.True(t, resp.GetAcceptSecrets())
	assert.True(t, resp.GetAcceptResources())
	assert.Equal(t, "eu-central-1", p.Model().Region)
	assert.Equal(t, map[string]string{"env": "dev", "team": "core"}, p.Model().DefaultTags)
}

func TestConfigureArgumentRegionWins(t *testing.T) {
	p := NewAWSProvider()

	_, err := p.Configure(context.Background(), &pulumirpc.ConfigureRequest{
		Variables: map[string]string{"aws:region": "eu-central-1"},
		Args:      encode(t, resource.PropertyMap{"region": str("ap-southeast-2")}),
	})

	require.NoError(t, err)
	assert.Equal(t, "ap-southeast-2", p.Model().Region)
}

func TestConfigureRejectsBadDefaultTags(t *testing.T) {
	_, err := NewAWSProvider().Configure(context.Background(), &pulumirpc.ConfigureRequest{
		Variables: map[string]string{"aws:defaultTags": "env=dev"},
	})

	require.Error(t, err)
	assert.Contains(t, err.Error(), "invalid aws:defaultTags")
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name         string
		typ          string
		logical      string
		news         resource.PropertyMap
		wantName     string
		wantFailures []string
	}{
		{name: "bucket autonamed", typ: bucketType, logical: "Uploads", news: resource.PropertyMap{}, wantName: "bucket"},
		{
			name: "function missing role", typ: functionType, logical: "api",
			news: resource.PropertyMap{"runtime": str("provided.al2023")}, wantName: "name", wantFailures: []string{"role"},
		},
		{
			name: "role with unknown policy", typ: roleType, logical: "exec",
			news: resource.PropertyMap{"assumeRolePolicy": resource.MakeComputed(str(""))}, wantName: "name",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := NewAWSProvider().Check(context.Background(), &pulumirpc.CheckRequest{
				Urn:  urnOf(tt.typ, tt.logical),
				Olds: encode(t, resource.PropertyMap{}),
				News: encode(t, tt.news),
			})

			require.NoError(t, err)
			inputs := decode(t, resp.GetInputs())
			name := inputs[resource.PropertyKey(tt.wantName)]
			require.True(t, name.IsString(), "name %s is set", tt.wantName)
			assert.True(t, strings.HasPrefix(name.StringValue(), strings.ToLower(tt.logical)) ||
				strings.HasPrefix(name.StringValue(), tt.logical))
			var failed []string
			for _, f := range resp.GetFailures() {
				failed = append(failed, f.GetProperty())
			}
			assert.Equal(t, tt.wantFailures, failed)
			for key, value := range tt.news {
				assert.Equal(t, value.IsComputed(), inputs[key].IsComputed(), "input %s keeps its unknown state", key)
			}
		})
	}
}

func TestCheckKeepsOldName(t *testing.T) {
	resp, err := NewAWSProvider().Check(context.Background(), &pulumirpc.CheckRequest{
		Urn:  urnOf(roleType, "exec"),
		Olds: encode(t, resource.PropertyMap{"name": str("exec-0000000")}),
		News: encode(t, resource.PropertyMap{"assumeRolePolicy": str("{}")}),
	})

	require.NoError(t, err)
	assert.Equal(t, str("exec-0000000"), decode(t, resp.GetInputs())["name"])
}

func TestCreate(t *testing.T) {
	inputs := resource.PropertyMap{"bucket": str("uploads-1234567"), "forceDestroy": resource.NewBoolProperty(false)}
	tests := []struct {
		name        string
		preview     bool
		wantID      string
		wantARN     string
		wantUnknown bool
	}{
		{name: "preview", preview: true, wantUnknown: true},
		{name: "update", wantID: "uploads-1234567", wantARN: "arn:aws:s3:::uploads-1234567"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := NewAWSProvider().Create(context.Background(), &pulumirpc.CreateRequest{
				Urn:        urnOf(bucketType, "uploads"),
				Properties: encode(t, inputs),
				Preview:    tt.preview,
			})

			require.NoError(t, err)
			assert.Equal(t, tt.wantID, resp.GetId())
			outputs := decode(t, resp.GetProperties())
			assert.Equal(t, tt.wantUnknown, outputs["arn"].IsComputed())
			assert.Equal(t, tt.wantUnknown, outputs["bucketDomainName"].IsComputed())
			if !tt.wantUnknown {
				assert.Equal(t, str(tt.wantARN), outputs["arn"])
			}
			assert.Equal(t, str("uploads-1234567"), outputs["bucket"])
		})
	}
}

func TestCreateKeepsSecrets(t *testing.T) {
	resp, err := NewAWSProvider().Create(context.Background(), &pulumirpc.CreateRequest{
		Urn: urnOf(functionType, "api"),
		Properties: encode(t, resource.PropertyMap{
			"name": str("api-1"),
			"role": str("arn:aws:iam::123456789012:role/exec"),
			"environment": resource.MakeSecret(resource.NewObjectProperty(resource.PropertyMap{
				"variables": resource.NewObjectProperty(resource.PropertyMap{"TOKEN": str("t")}),
			})),
		}),
	})

	require.NoError(t, err)
	assert.True(t, decode(t, resp.GetProperties())["environment"].IsSecret())
}

// diffRequest builds a Diff request the way the engine sends it: old inputs, old outputs and new inputs.
func diffRequest(t *testing.T, typ string, oldInputs, news resource.PropertyMap, ignoreChanges ...string) *pulumirpc.DiffRequest {
	t.Helper()
	id, oldOutputs, err := fakeaws.Model{}.Create(typ, "res", oldInputs, false)
	require.NoError(t, err)
	return &pulumirpc.DiffRequest{
		Id:            id,
		Urn:           urnOf(typ, "res"),
		Olds:          encode(t, oldOutputs),
		OldInputs:     encode(t, oldInputs),
		News:          encode(t, news),
		IgnoreChanges: ignoreChanges,
	}
}

func TestDiff(t *testing.T) {
	autoBucket := fakeaws.Model{}.Autoname(bucketType, resource.URN(urnOf(bucketType, "res")), nil)
	hashA := strings.Repeat("a", 64)
	hashB := strings.Repeat("b", 64)
	function := func(code resource.PropertyValue, timeout float64) resource.PropertyMap {
		return resource.PropertyMap{
			"name": str("api-1"), "role": str("arn:role"), "code": code,
			"timeout": resource.NewNumberProperty(timeout),
		}
	}
	tests := []struct {
		name          string
		typ           string
		olds          resource.PropertyMap
		news          resource.PropertyMap
		ignoreChanges []string
		wantChanges   pulumirpc.DiffResponse_DiffChanges
		wantDiffs     []string
		wantReplaces  []string
		wantKinds     map[string]pulumirpc.PropertyDiff_Kind
		wantDBR       bool
	}{
		{
			name: "no change", typ: functionType,
			olds: function(codeArchive(hashA, "a.zip"), 3), news: function(codeArchive(hashA, "a.zip"), 3),
			wantChanges: pulumirpc.DiffResponse_DIFF_NONE,
		},
		{
			name: "archive at another path with same hash", typ: functionType,
			olds: function(codeArchive(hashA, "build/a.zip"), 3), news: function(codeArchive(hashA, "/tmp/other.zip"), 3),
			wantChanges: pulumirpc.DiffResponse_DIFF_NONE,
		},
		{
			name: "archive with new hash", typ: functionType,
			olds: function(codeArchive(hashA, "a.zip"), 3), news: function(codeArchive(hashB, "a.zip"), 3),
			wantChanges: pulumirpc.DiffResponse_DIFF_SOME, wantDiffs: []string{"code"},
			wantKinds: map[string]pulumirpc.PropertyDiff_Kind{"code": pulumirpc.PropertyDiff_UPDATE},
		},
		{
			name: "in-place update", typ: functionType,
			olds: function(codeArchive(hashA, "a.zip"), 3), news: function(codeArchive(hashA, "a.zip"), 30),
			wantChanges: pulumirpc.DiffResponse_DIFF_SOME, wantDiffs: []string{"timeout"},
			wantKinds: map[string]pulumirpc.PropertyDiff_Kind{"timeout": pulumirpc.PropertyDiff_UPDATE},
		},
		{
			name: "added and deleted keys", typ: roleType,
			olds:        resource.PropertyMap{"name": str("exec-1"), "description": str("old")},
			news:        resource.PropertyMap{"name": str("exec-1"), "maxSessionDuration": resource.NewNumberProperty(7200)},
			wantChanges: pulumirpc.DiffResponse_DIFF_SOME, wantDiffs: []string{"description", "maxSessionDuration"},
			wantKinds: map[string]pulumirpc.PropertyDiff_Kind{
				"description":        pulumirpc.PropertyDiff_DELETE,
				"maxSessionDuration": pulumirpc.PropertyDiff_ADD,
			},
		},
		{
			name: "replace of autonamed bucket", typ: bucketType,
			olds:        resource.PropertyMap{"bucket": str(autoBucket)},
			news:        resource.PropertyMap{"bucket": str(autoBucket), "objectLockEnabled": resource.NewBoolProperty(true)},
			wantChanges: pulumirpc.DiffResponse_DIFF_SOME, wantDiffs: []string{"objectLockEnabled"},
			wantReplaces: []string{"objectLockEnabled"},
			wantKinds:    map[string]pulumirpc.PropertyDiff_Kind{"objectLockEnabled": pulumirpc.PropertyDiff_ADD_REPLACE},
		},
		{
			name: "replace of explicitly named bucket deletes first", typ: bucketType,
			olds:        resource.PropertyMap{"bucket": str("my-bucket"), "objectLockEnabled": resource.NewBoolProperty(false)},
			news:        resource.PropertyMap{"bucket": str("my-bucket"), "objectLockEnabled": resource.NewBoolProperty(true)},
			wantChanges: pulumirpc.DiffResponse_DIFF_SOME, wantDiffs: []string{"objectLockEnabled"},
			wantReplaces: []string{"objectLockEnabled"},
			wantKinds:    map[string]pulumirpc.PropertyDiff_Kind{"objectLockEnabled": pulumirpc.PropertyDiff_UPDATE_REPLACE},
			wantDBR:      true,
		},
		{
			name: "renamed bucket", typ: bucketType,
			olds:        resource.PropertyMap{"bucket": str("old-name")},
			news:        resource.PropertyMap{"bucket": str("new-name")},
			wantChanges: pulumirpc.DiffResponse_DIFF_SOME, wantDiffs: []string{"bucket"}, wantReplaces: []string{"bucket"},
			wantKinds: map[string]pulumirpc.PropertyDiff_Kind{"bucket": pulumirpc.PropertyDiff_UPDATE_REPLACE},
		},
		{
			name: "unknown new value replaces", typ: "aws:ec2/subnet:Subnet",
			olds:        resource.PropertyMap{"vpcId": str("vpc-01"), "cidrBlock": str("10.0.0.0/24")},
			news:        resource.PropertyMap{"vpcId": resource.MakeComputed(str("")), "cidrBlock": str("10.0.0.0/24")},
			wantChanges: pulumirpc.DiffResponse_DIFF_SOME, wantDiffs: []string{"vpcId"}, wantReplaces: []string{"vpcId"},
			wantKinds: map[string]pulumirpc.PropertyDiff_Kind{"vpcId": pulumirpc.PropertyDiff_UPDATE_REPLACE},
		},
		{
			name: "nested replacement path changed", typ: malwarePlanType,
			olds:        malwarePlan("files-1", "quarantine/"),
			news:        malwarePlan("files-2", "quarantine/"),
			wantChanges: pulumirpc.DiffResponse_DIFF_SOME, wantDiffs: []string{"protectedResource"},
			wantReplaces: []string{"protectedResource"},
			wantKinds:    map[string]pulumirpc.PropertyDiff_Kind{"protectedResource": pulumirpc.PropertyDiff_UPDATE_REPLACE},
		},
		{
			name: "nested change outside replacement path", typ: malwarePlanType,
			olds:        malwarePlan("files-1", "quarantine/"),
			news:        malwarePlan("files-1", "incoming/"),
			wantChanges: pulumirpc.DiffResponse_DIFF_SOME, wantDiffs: []string{"protectedResource"},
			wantKinds: map[string]pulumirpc.PropertyDiff_Kind{"protectedResource": pulumirpc.PropertyDiff_UPDATE},
		},
		{
			name: "secret with same value", typ: roleType,
			olds:        resource.PropertyMap{"name": str("exec-1"), "description": str("d")},
			news:        resource.PropertyMap{"name": str("exec-1"), "description": resource.MakeSecret(str("d"))},
			wantChanges: pulumirpc.DiffResponse_DIFF_NONE,
		},
		{
			name: "ignored changes", typ: roleType,
			olds: resource.PropertyMap{
				"name": str("exec-1"),
				"tags": resource.NewObjectProperty(resource.PropertyMap{"owner": str("a"), "env": str("dev")}),
			},
			news: resource.PropertyMap{
				"name":        str("exec-1"),
				"description": str("new"),
				"tags":        resource.NewObjectProperty(resource.PropertyMap{"owner": str("b"), "env": str("dev")}),
			},
			ignoreChanges: []string{"tags.owner", "description"},
			wantChanges:   pulumirpc.DiffResponse_DIFF_NONE,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := NewAWSProvider().Diff(context.Background(), diffRequest(t, tt.typ, tt.olds, tt.news, tt.ignoreChanges...))

			require.NoError(t, err)
			assert.Equal(t, tt.wantChanges, resp.GetChanges())
			assert.Equal(t, tt.wantDiffs, resp.GetDiffs())
			assert.Equal(t, tt.wantReplaces, resp.GetReplaces())
			assert.Equal(t, tt.wantDBR, resp.GetDeleteBeforeReplace())
			assert.True(t, resp.GetHasDetailedDiff())
			assert.Len(t, resp.GetDetailedDiff(), len(tt.wantKinds))
			for key, kind := range tt.wantKinds {
				require.Contains(t, resp.GetDetailedDiff(), key)
				assert.Equal(t, kind, resp.GetDetailedDiff()[key].GetKind(), "kind of %s", key)
				assert.True(t, resp.GetDetailedDiff()[key].GetInputDiff())
			}
		})
	}
}

// malwarePlanType is the GuardDuty malware protection plan, whose replacement input is nested.
const malwarePlanType = "aws:guardduty/malwareProtectionPlan:MalwareProtectionPlan"

// malwarePlan returns the inputs of a malware protection plan for the bucket and object prefix.
func malwarePlan(bucket, prefix string) resource.PropertyMap {
	return resource.PropertyMap{
		"role": str("arn:aws:iam::123456789012:role/scan"),
		"protectedResource": resource.NewObjectProperty(resource.PropertyMap{
			"s3Bucket": resource.NewObjectProperty(resource.PropertyMap{
				"bucketName":     str(bucket),
				"objectPrefixes": resource.NewArrayProperty([]resource.PropertyValue{str(prefix)}),
			}),
		}),
	}
}

func TestDiffWithoutOldInputsUsesOutputs(t *testing.T) {
	urn := resource.URN(urnOf(roleType, "res"))
	oldInputs := fakeaws.Model{}.Check(roleType, urn, nil, resource.PropertyMap{"assumeRolePolicy": str("{}")})
	tests := []struct {
		name      string
		news      resource.PropertyMap
		wantDiffs []string
	}{
		{name: "same inputs", news: oldInputs},
		{
			name:      "changed input",
			news:      fakeaws.Model{}.Check(roleType, urn, oldInputs, resource.PropertyMap{"assumeRolePolicy": str(`{"a":1}`)}),
			wantDiffs: []string{"assumeRolePolicy"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := diffRequest(t, roleType, oldInputs, tt.news)
			req.OldInputs = nil

			resp, err := NewAWSProvider().Diff(context.Background(), req)

			require.NoError(t, err)
			assert.Equal(t, tt.wantDiffs, resp.GetDiffs(), "computed outputs such as arn are not taken for removed inputs")
		})
	}
}

func TestDiffRejectsBadIgnorePath(t *testing.T) {
	req := diffRequest(t, roleType, resource.PropertyMap{"name": str("a")}, resource.PropertyMap{"name": str("a")}, "tags[")

	_, err := NewAWSProvider().Diff(context.Background(), req)

	require.Error(t, err)
	assert.Equal(t, codes.InvalidArgument, status.Code(err))
	assert.Contains(t, err.Error(), `invalid ignoreChanges path "tags["`)
}

func TestUpdate(t *testing.T) {
	oldInputs := resource.PropertyMap{"name": str("api-1"), "role": str("arn:role"), "code": codeArchive(strings.Repeat("a", 64), "a.zip")}
	id, oldOutputs, err := fakeaws.Model{}.Create(functionType, "api", oldInputs, false)
	require.NoError(t, err)
	news := oldInputs.Copy()
	news["code"] = codeArchive(strings.Repeat("b", 64), "a.zip")

	preview, err := NewAWSProvider().Update(context.Background(), &pulumirpc.UpdateRequest{
		Id: id, Urn: urnOf(functionType, "api"), Olds: encode(t, oldOutputs), News: encode(t, news), Preview: true,
	})
	require.NoError(t, err)
	applied, err := NewAWSProvider().Update(context.Background(), &pulumirpc.UpdateRequest{
		Id: id, Urn: urnOf(functionType, "api"), Olds: encode(t, oldOutputs), News: encode(t, news),
	})
	require.NoError(t, err)

	previewOutputs := decode(t, preview.GetProperties())
	appliedOutputs := decode(t, applied.GetProperties())
	assert.True(t, previewOutputs["codeSha256"].IsComputed(), "changed code hash is unknown in preview")
	assert.Equal(t, oldOutputs["arn"], previewOutputs["arn"])
	assert.True(t, appliedOutputs["codeSha256"].IsString())
	assert.NotEqual(t, oldOutputs["codeSha256"], appliedOutputs["codeSha256"])
}

func TestRead(t *testing.T) {
	state := resource.PropertyMap{"bucket": str("b-1"), "arn": str("arn:aws:s3:::b-1")}
	inputs := resource.PropertyMap{"bucket": str("b-1")}

	resp, err := NewAWSProvider().Read(context.Background(), &pulumirpc.ReadRequest{
		Id: "b-1", Urn: urnOf(bucketType, "b"), Properties: encode(t, state), Inputs: encode(t, inputs),
	})

	require.NoError(t, err)
	assert.Equal(t, "b-1", resp.GetId())
	assert.True(t, state.DeepEquals(decode(t, resp.GetProperties())))
	assert.True(t, inputs.DeepEquals(decode(t, resp.GetInputs())))
}

func TestReadWithoutStateUsesModel(t *testing.T) {
	resp, err := NewAWSProvider().Read(context.Background(), &pulumirpc.ReadRequest{
		Id: "legacy-bucket", Urn: urnOf(bucketType, "imported"),
	})

	require.NoError(t, err)
	assert.Equal(t, "legacy-bucket", resp.GetId())
	assert.Equal(t, str("arn:aws:s3:::legacy-bucket"), decode(t, resp.GetProperties())["arn"])
}

func TestDelete(t *testing.T) {
	_, err := NewAWSProvider().Delete(context.Background(), &pulumirpc.DeleteRequest{Id: "b-1", Urn: urnOf(bucketType, "b")})

	assert.NoError(t, err)
}

func TestInvoke(t *testing.T) {
	p := NewAWSProvider()
	_, err := p.Configure(context.Background(), &pulumirpc.ConfigureRequest{Variables: map[string]string{"aws:region": "eu-west-1"}})
	require.NoError(t, err)

	resp, err := p.Invoke(context.Background(), &pulumirpc.InvokeRequest{
		Tok:  fakeaws.TokenGetAvailabilityZones,
		Args: encode(t, resource.PropertyMap{}),
	})

	require.NoError(t, err)
	names := decode(t, resp.GetReturn())["names"]
	require.True(t, names.IsArray())
	assert.Equal(t, str("eu-west-1a"), names.ArrayValue()[0])
}

func TestInvokeErrors(t *testing.T) {
	tests := []struct {
		name     string
		token    string
		args     resource.PropertyMap
		wantCode codes.Code
		want     string
	}{
		{name: "unknown token", token: "aws:ec2/getVpc:getVpc", wantCode: codes.Unimplemented, want: "aws:ec2/getVpc:getVpc"},
		{
			name: "invalid arguments", token: fakeaws.TokenGetPolicyDocument,
			args:     resource.PropertyMap{"sourcePolicyDocuments": resource.NewArrayProperty([]resource.PropertyValue{str("{")})},
			wantCode: codes.InvalidArgument, want: "source policy document 0",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args
			if args == nil {
				args = resource.PropertyMap{}
			}

			_, err := NewAWSProvider().Invoke(context.Background(), &pulumirpc.InvokeRequest{Tok: tt.token, Args: encode(t, args)})

			require.Error(t, err)
			assert.Equal(t, tt.wantCode, status.Code(err))
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestUnsupportedCalls(t *testing.T) {
	p := NewAWSProvider()

	_, callErr := p.Call(context.Background(), &pulumirpc.CallRequest{Tok: "aws:s3/bucketV2:BucketV2/method"})
	_, constructErr := p.Construct(context.Background(), &pulumirpc.ConstructRequest{Type: "aws:foo:Bar", Name: "x"})

	assert.Equal(t, codes.Unimplemented, status.Code(callErr))
	assert.Contains(t, callErr.Error(), "aws:s3/bucketV2:BucketV2/method")
	assert.Equal(t, codes.Unimplemented, status.Code(constructErr))
	assert.Contains(t, constructErr.Error(), "no component resources")
}

func TestAWSXProviderBasics(t *testing.T) {
	p := NewAWSXProvider(nil)

	info, err := p.GetPluginInfo(context.Background(), &emptypb.Empty{})
	require.NoError(t, err)
	configured, err := p.Configure(context.Background(), &pulumirpc.ConfigureRequest{})
	require.NoError(t, err)
	_, otherErr := p.Construct(context.Background(), &pulumirpc.ConstructRequest{Type: "awsx:lb:ApplicationLoadBalancer", Name: "lb"})
	_, noEngineErr := p.Construct(context.Background(), &pulumirpc.ConstructRequest{Type: VpcType, Name: "vpc"})
	_, checkErr := p.Check(context.Background(), &pulumirpc.CheckRequest{Urn: urnOf(VpcType, "vpc")})

	assert.Equal(t, "2.22.0", info.GetVersion())
	assert.True(t, configured.GetAcceptOutputs())
	assert.Equal(t, codes.Unimplemented, status.Code(otherErr))
	assert.Contains(t, otherErr.Error(), "models only awsx:ec2:Vpc")
	require.Error(t, noEngineErr)
	assert.Contains(t, noEngineErr.Error(), "not connected to an engine")
	assert.Equal(t, codes.Unimplemented, status.Code(checkErr))
}
