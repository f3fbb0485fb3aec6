package pack

import (
	"context"
	"errors"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestResourceCheckKnown(t *testing.T) {
	computed := property.New(property.Computed)
	partly := property.New([]property.Value{property.New("a"), computed})

	check := &ResourceCheck{Resource: Resource{URN: thingURN}}
	assert.True(t, check.Known("known", property.New("a")))
	assert.True(t, check.Known("missing", property.Value{}))
	assert.False(t, check.Known("computed", computed))
	assert.True(t, check.Known("partly", partly), "Known looks at the value itself")
	assert.False(t, check.FullyKnown("partly", partly), "FullyKnown looks inside")

	assert.Equal(t, []UnknownValue{{URN: thingURN, Property: "computed"}, {URN: thingURN, Property: "partly"}},
		check.Findings().Unknowns)
}

func TestCheckResourceSkipsOtherTypes(t *testing.T) {
	policy := validPolicy()
	policy.ValidateResource = func(_ context.Context, check *ResourceCheck) error {
		check.Report("always")
		return nil
	}

	findings, err := policy.CheckResource(context.Background(), &ResourceCheck{Resource: Resource{Type: "test:index:Other"}})
	require.NoError(t, err)
	assert.Empty(t, findings.Violations)

	findings, err = policy.CheckResource(context.Background(), &ResourceCheck{Resource: Resource{Type: thingType}})
	require.NoError(t, err)
	assert.Equal(t, []Violation{{Message: "always"}}, findings.Violations)
}

func TestCheckResourceRecoversPanic(t *testing.T) {
	policy := validPolicy()
	policy.ValidateResource = func(_ context.Context, check *ResourceCheck) error {
		check.Report("reported before the panic")
		var props property.Map
		_ = props.Get("missing").AsString()
		return nil
	}

	findings, err := policy.CheckResource(context.Background(), &ResourceCheck{Resource: Resource{Type: thingType}})
	var panicErr *PanicError
	require.True(t, errors.As(err, &panicErr), "error %v", err)
	assert.Contains(t, err.Error(), "panic: ")
	assert.NotEmpty(t, panicErr.Stack)
	assert.Equal(t, []Violation{{Message: "reported before the panic"}}, findings.Violations)
}

func TestStackCheckJoins(t *testing.T) {
	bucket := Resource{URN: "urn:bucket", Type: "aws:s3/bucketV2:BucketV2"}
	other := Resource{URN: "urn:other-bucket", Type: "aws:s3/bucketV2:BucketV2"}
	block := Resource{
		URN: "urn:block", Type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
		PropertyDependencies: map[string][]string{"bucket": {"urn:bucket"}},
	}
	check := &StackCheck{Resources: []Resource{bucket, other, block}}

	assert.Equal(t, []Resource{bucket, other}, check.OfType("aws:s3/bucketV2:BucketV2"))
	assert.Equal(t, []Resource{block}, check.Referencing(bucket, block.Type, "bucket"))
	assert.Empty(t, check.Referencing(other, block.Type, "bucket"))
	assert.Empty(t, check.Referencing(bucket, block.Type, "policy"), "the join reads the named property only")
}

func TestCheckStackRecoversPanic(t *testing.T) {
	policy := validPolicy()
	policy.ValidateResource = nil
	policy.ValidateStack = func(context.Context, *StackCheck) error { panic("boom") }

	_, err := policy.CheckStack(context.Background(), &StackCheck{})
	assert.EqualError(t, err, "panic: boom")
}
