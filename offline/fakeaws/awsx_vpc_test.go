package fakeaws

import (
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// subnetSpec returns one subnetSpecs entry of an awsx VPC.
func subnetSpec(kind, name string) resource.PropertyValue {
	spec := resource.PropertyMap{"type": str(kind)}
	if name != "" {
		spec["name"] = str(name)
	}
	return resource.NewObjectProperty(spec)
}

func TestMocksAWSXVpcOutputs(t *testing.T) {
	tests := []struct {
		name         string
		inputs       resource.PropertyMap
		wantPrivate  int
		wantPublic   int
		wantIsolated int
	}{
		{name: "default layout", inputs: resource.PropertyMap{}, wantPrivate: 3, wantPublic: 3},
		{
			name: "named private specs in two zones",
			inputs: resource.PropertyMap{
				"numberOfAvailabilityZones": resource.NewNumberProperty(2),
				"subnetSpecs": resource.NewArrayProperty([]resource.PropertyValue{
					subnetSpec("Private", "functions"), subnetSpec("Unused", ""), subnetSpec("Isolated", ""),
				}),
			},
			wantPrivate: 2, wantIsolated: 2,
		},
		{
			name: "zones by name",
			inputs: resource.PropertyMap{
				"availabilityZoneNames": resource.NewArrayProperty([]resource.PropertyValue{str("us-east-1a")}),
				"subnetSpecs":           resource.NewArrayProperty([]resource.PropertyValue{subnetSpec("Public", "")}),
			},
			wantPublic: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mocks := NewMocks()

			id, outputs, err := mocks.NewResource(pulumi.MockResourceArgs{
				TypeToken: AWSXVpcType, Name: "net", Inputs: tt.inputs, Custom: false,
			})

			require.NoError(t, err)
			assert.Empty(t, id, "components have no id")
			assert.Regexp(t, `^vpc-0[0-9a-f]{16}$`, outputs["vpcId"].StringValue())
			assert.Len(t, outputs["privateSubnetIds"].ArrayValue(), tt.wantPrivate)
			assert.Len(t, outputs["publicSubnetIds"].ArrayValue(), tt.wantPublic)
			assert.Len(t, outputs["isolatedSubnetIds"].ArrayValue(), tt.wantIsolated)
			for _, key := range []resource.PropertyKey{"privateSubnetIds", "publicSubnetIds", "isolatedSubnetIds"} {
				for _, subnet := range outputs[key].ArrayValue() {
					assert.Regexp(t, `^subnet-0[0-9a-f]{16}$`, subnet.StringValue())
				}
			}
			for key, value := range tt.inputs {
				assert.Equal(t, value, outputs[key], "input %s is kept", key)
			}
		})
	}
}

func TestMocksAWSXVpcSubnetIDsDifferPerZone(t *testing.T) {
	outputs := Model{}.awsxVpcOutputs("net", resource.PropertyMap{})

	ids := map[string]bool{}
	for _, key := range []resource.PropertyKey{"privateSubnetIds", "publicSubnetIds"} {
		for _, subnet := range outputs[key].ArrayValue() {
			ids[subnet.StringValue()] = true
		}
	}
	assert.Len(t, ids, 6, "every subnet has an id of its own")
	assert.Equal(t, outputs, Model{}.awsxVpcOutputs("net", resource.PropertyMap{}), "the same inputs give the same ids")
}

func TestMockResourceDependsOn(t *testing.T) {
	mocks := NewMocks()

	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		key, err := kms.NewKey(ctx, "first", &kms.KeyArgs{})
		if err != nil {
			return err
		}
		_, err = kms.NewKey(ctx, "second", &kms.KeyArgs{}, pulumi.DependsOn([]pulumi.Resource{key}))
		return err
	}, pulumi.WithMocks("app", "dev", mocks))
	require.NoError(t, err)

	first, ok := mocks.Find("aws:kms/key:Key", "first")
	require.True(t, ok)
	second, ok := mocks.Find("aws:kms/key:Key", "second")
	require.True(t, ok)
	assert.True(t, second.DependsOn("aws:kms/key:Key", "first"))
	assert.False(t, first.DependsOn("aws:kms/key:Key", "second"))
	assert.False(t, second.DependsOn("aws:kms/key:Key", "other"))
}

func TestValueAtPath(t *testing.T) {
	props := resource.PropertyMap{
		"outer": resource.NewObjectProperty(resource.PropertyMap{
			"inner": resource.MakeSecret(resource.NewObjectProperty(resource.PropertyMap{"name": str("files")})),
			"empty": resource.NewNullProperty(),
		}),
		"flat": str("value"),
	}
	tests := []struct {
		name   string
		path   string
		want   resource.PropertyValue
		wantOK bool
	}{
		{name: "top-level key", path: "flat", want: str("value"), wantOK: true},
		{name: "nested through a secret", path: "outer.inner.name", want: str("files"), wantOK: true},
		{name: "null at the end", path: "outer.empty", want: resource.NewNullProperty(), wantOK: true},
		{name: "absent key", path: "outer.missing", wantOK: false},
		{name: "path through a string", path: "flat.name", wantOK: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ValueAtPath(props, tt.path)

			assert.Equal(t, tt.wantOK, ok)
			if tt.wantOK {
				assert.Equal(t, tt.want, got)
			}
		})
	}
}

func TestMocksRecordResourceOptions(t *testing.T) {
	mocks := NewMocks()

	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		if _, err := kms.NewKey(ctx, "kept", &kms.KeyArgs{}, pulumi.Protect(true), pulumi.RetainOnDelete(true)); err != nil {
			return err
		}
		_, err := kms.NewKey(ctx, "plain", &kms.KeyArgs{})
		return err
	}, pulumi.WithMocks("app", "dev", mocks))
	require.NoError(t, err)

	kept, ok := mocks.Find("aws:kms/key:Key", "kept")
	require.True(t, ok)
	assert.True(t, kept.Protect)
	assert.True(t, kept.RetainOnDelete)
	plain, ok := mocks.Find("aws:kms/key:Key", "plain")
	require.True(t, ok)
	assert.False(t, plain.Protect)
	assert.False(t, plain.RetainOnDelete)
}
