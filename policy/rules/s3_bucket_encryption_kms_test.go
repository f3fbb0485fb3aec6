package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestS3BucketEncryptionKMS(t *testing.T) {
	const keyARN = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"

	encryption := func(rules ...property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"bucket": property.New("user-files"),
			"rules":  listValue(rules...),
		})
	}
	rule := func(algorithm, keyID property.Value) property.Value {
		return objectValue(map[string]property.Value{
			"applyServerSideEncryptionByDefault": objectValue(map[string]property.Value{
				"sseAlgorithm":   algorithm,
				"kmsMasterKeyId": keyID,
			}),
			"bucketKeyEnabled": property.New(true),
		})
	}

	runPolicyCases(t, newS3BucketEncryptionKMS(), []policyCase{
		{
			name:         "sse-kms with key",
			kind:         caseCompliant,
			resourceType: typeS3BucketEncryptionConfiguration,
			props:        encryption(rule(property.New("aws:kms"), property.New(keyARN))),
		},
		{
			name:         "dsse-kms with key",
			kind:         caseCompliant,
			resourceType: typeS3BucketEncryptionConfiguration,
			props:        encryption(rule(property.New("aws:kms:dsse"), property.New(keyARN))),
		},
		{
			name:         "sse-s3",
			kind:         caseViolation,
			resourceType: typeS3BucketEncryptionConfiguration,
			props:        encryption(rule(property.New("AES256"), property.Value{})),
			want: []string{`rules[0].applyServerSideEncryptionByDefault.sseAlgorithm is "AES256", ` +
				`expected "aws:kms" or "aws:kms:dsse".`},
		},
		{
			name:         "sse-kms without key",
			kind:         caseViolation,
			resourceType: typeS3BucketEncryptionConfiguration,
			props:        encryption(rule(property.New("aws:kms"), property.Value{})),
			want: []string{"rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId is not set, " +
				"expected the ARN or ID of a customer managed KMS key."},
		},
		{
			name:         "sse-kms with aws managed key alias",
			kind:         caseViolation,
			resourceType: typeS3BucketEncryptionConfiguration,
			props:        encryption(rule(property.New("aws:kms"), property.New("arn:aws:kms:eu-central-1:111122223333:alias/aws/s3"))),
			want: []string{`rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId is ` +
				`"arn:aws:kms:eu-central-1:111122223333:alias/aws/s3", expected the ARN or ID of a customer managed KMS key.`},
		},
		{
			name:         "rule without defaults",
			kind:         caseViolation,
			resourceType: typeS3BucketEncryptionConfiguration,
			props:        encryption(objectValue(map[string]property.Value{"bucketKeyEnabled": property.New(true)})),
			want: []string{`rules[0].applyServerSideEncryptionByDefault is not set, ` +
				`expected sseAlgorithm "aws:kms" or "aws:kms:dsse" with a kmsMasterKeyId.`},
		},
		{
			name:         "no rules",
			kind:         caseViolation,
			resourceType: typeS3BucketEncryptionConfiguration,
			props:        propsOf(map[string]property.Value{"bucket": property.New("user-files")}),
			want: []string{`rules is not set, expected a rule whose applyServerSideEncryptionByDefault.sseAlgorithm ` +
				`is "aws:kms" or "aws:kms:dsse".`},
		},
		{
			name:         "bucket v2 inline encryption",
			kind:         caseOtherType,
			resourceType: typeS3BucketV2,
			props:        encryption(rule(property.New("AES256"), property.Value{})),
		},
		{
			name:         "unknown key id",
			kind:         caseUnknown,
			resourceType: typeS3BucketEncryptionConfiguration,
			props:        encryption(rule(property.New("aws:kms"), unknownValue())),
			wantUnknown:  []string{"rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId"},
		},
		{
			name:         "unknown algorithm",
			kind:         caseUnknown,
			resourceType: typeS3BucketEncryptionConfiguration,
			props:        encryption(rule(unknownValue(), property.New(keyARN))),
			wantUnknown:  []string{"rules[0].applyServerSideEncryptionByDefault.sseAlgorithm"},
		},
		{
			name:         "unknown rule",
			kind:         caseUnknown,
			resourceType: typeS3BucketEncryptionConfiguration,
			props:        encryption(unknownValue()),
			wantUnknown:  []string{"rules[0]"},
		},
		{
			name:         "unknown rules",
			kind:         caseUnknown,
			resourceType: typeS3BucketEncryptionConfiguration,
			props:        propsOf(map[string]property.Value{"rules": unknownValue()}),
			wantUnknown:  []string{"rules"},
		},
	})
}
