package fakeaws

import (
	"sync"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testComponent is a component for checking parents under mocks.
type testComponent struct {
	pulumi.ResourceState
}

func TestMocksBucket(t *testing.T) {
	mocks := NewMocks()
	var wg sync.WaitGroup
	var arn, bucket, regional string

	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		component := &testComponent{}
		if err := ctx.RegisterComponentResource("test:index:Storage", "storage", component); err != nil {
			return err
		}
		b, err := s3.NewBucketV2(ctx, "uploads", &s3.BucketV2Args{}, pulumi.Parent(component))
		if err != nil {
			return err
		}
		_, err = s3.NewBucketPublicAccessBlock(ctx, "uploads", &s3.BucketPublicAccessBlockArgs{
			Bucket:          b.ID(),
			BlockPublicAcls: pulumi.Bool(true),
		}, pulumi.Parent(b))
		if err != nil {
			return err
		}
		wg.Add(1)
		pulumi.All(b.Arn, b.Bucket, b.BucketRegionalDomainName).ApplyT(func(values []any) error {
			defer wg.Done()
			arn, bucket, regional = values[0].(string), values[1].(string), values[2].(string)
			return nil
		})
		return nil
	}, pulumi.WithMocks("app", "dev", mocks))
	require.NoError(t, err)
	wg.Wait()

	assert.Regexp(t, `^uploads-[0-9a-f]{7}$`, bucket)
	assert.Equal(t, "arn:aws:s3:::"+bucket, arn)
	assert.Equal(t, bucket+".s3.us-east-1.amazonaws.com", regional)

	registered, ok := mocks.Find("aws:s3/bucketV2:BucketV2", "uploads")
	require.True(t, ok, "bucket is recorded")
	assert.Equal(t, bucket, registered.ID)
	assert.True(t, registered.Custom)
	assert.Equal(t, resource.NewBoolProperty(false), registered.Inputs["forceDestroy"], "inputs are checked")
	assert.Contains(t, registered.Parent, "test:index:Storage::storage")

	blocks := mocks.ByType("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")
	require.Len(t, blocks, 1)
	assert.Equal(t, bucket, blocks[0].ID)
	assert.Equal(t, resource.NewStringProperty(bucket), blocks[0].Inputs["bucket"])

	component, ok := mocks.Find("test:index:Storage", "storage")
	require.True(t, ok, "component is recorded")
	assert.False(t, component.Custom)
	assert.Empty(t, component.ID)
}

func TestMocksInvoke(t *testing.T) {
	mocks := &Mocks{Model: Model{AccountID: "210987654321", Region: "eu-west-1"}}
	var account, region string

	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		identity, err := aws.GetCallerIdentity(ctx, &aws.GetCallerIdentityArgs{})
		if err != nil {
			return err
		}
		current, err := aws.GetRegion(ctx, &aws.GetRegionArgs{})
		if err != nil {
			return err
		}
		account, region = identity.AccountId, current.Name
		return nil
	}, pulumi.WithMocks("app", "dev", mocks))

	require.NoError(t, err)
	assert.Equal(t, "210987654321", account)
	assert.Equal(t, "eu-west-1", region)
}

func TestMocksMissingRequiredInput(t *testing.T) {
	mocks := NewMocks()

	_, _, err := mocks.NewResource(pulumi.MockResourceArgs{
		TypeToken: "aws:iam/rolePolicy:RolePolicy",
		Name:      "inline",
		Inputs:    resource.PropertyMap{"policy": resource.NewStringProperty("{}")},
		Custom:    true,
	})

	require.Error(t, err)
	assert.Contains(t, err.Error(), `registering aws:iam/rolePolicy:RolePolicy "inline": missing required inputs role`)
}

func TestMocksProviderResource(t *testing.T) {
	mocks := NewMocks()
	inputs := resource.PropertyMap{"region": resource.NewStringProperty("eu-west-1")}

	id, outputs, err := mocks.NewResource(pulumi.MockResourceArgs{
		TypeToken: "pulumi:providers:aws", Name: "regional", Inputs: inputs, Custom: true,
	})

	require.NoError(t, err)
	assert.Regexp(t, `^[0-9a-f]{8}-`, id)
	assert.Equal(t, inputs, outputs)
}

func TestMocksReadByID(t *testing.T) {
	mocks := NewMocks()
	var arn string
	var wg sync.WaitGroup

	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		existing, err := s3.GetBucketV2(ctx, "existing", pulumi.ID("legacy-bucket"), nil)
		if err != nil {
			return err
		}
		wg.Add(1)
		existing.Arn.ApplyT(func(v string) error {
			defer wg.Done()
			arn = v
			return nil
		})
		return nil
	}, pulumi.WithMocks("app", "dev", mocks))
	require.NoError(t, err)
	wg.Wait()

	assert.Equal(t, "arn:aws:s3:::legacy-bucket", arn)
	read, ok := mocks.Find("aws:s3/bucketV2:BucketV2", "existing")
	require.True(t, ok, "read is recorded")
	assert.Equal(t, "legacy-bucket", read.ID)
}
