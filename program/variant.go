package program

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secureserverless/framework/infra"
)

// Variant names a deliberately non-compliant change to the platform. Variants exist only so that
// tests can show the policy pack stopping a deploy; no stack setting selects one.
type Variant string

const (
	// VariantNone is the platform as designed.
	VariantNone Variant = ""
	// VariantPublicBucketACL grants public read on the user-files bucket through a canned ACL.
	VariantPublicBucketACL Variant = "public-bucket-acl"
)

// Variants lists every variant other than VariantNone.
var Variants = []Variant{VariantPublicBucketACL}

// ParseVariant returns the variant with the given name.
func ParseVariant(name string) (Variant, error) {
	for _, v := range append([]Variant{VariantNone}, Variants...) {
		if string(v) == name {
			return v, nil
		}
	}
	return VariantNone, fmt.Errorf("unknown variant %q: use one of %q", name, Variants)
}

func addVariant(ctx *pulumi.Context, variant Variant, platform *infra.Platform) error {
	switch variant {
	case VariantNone:
		return nil
	case VariantPublicBucketACL:
		_, err := s3.NewBucketAclV2(ctx, "user-files-public-acl", &s3.BucketAclV2Args{
			Bucket: platform.UserFiles.Bucket.ID(),
			Acl:    pulumi.String("public-read"),
		}, pulumi.Parent(platform.UserFiles))
		if err != nil {
			return fmt.Errorf("creating variant %s: %w", variant, err)
		}
		return nil
	default:
		return fmt.Errorf("unknown variant %q", variant)
	}
}
