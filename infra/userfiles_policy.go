package infra

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// objectReadActions and objectWriteActions are the object actions that only the named roles may use.
// Deletes stay open to the account's administrators, so `pulumi destroy` can empty a development bucket;
// versioning keeps deleted data recoverable.
var (
	objectReadActions  = []string{"s3:GetObject", "s3:GetObjectVersion"}
	objectWriteActions = []string{"s3:PutObject"}
)

// scanTagActions change object tags, and with them the scan verdict.
var scanTagActions = []string{
	"s3:PutObjectTagging", "s3:PutObjectVersionTagging", "s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging",
}

// userFilesPolicyInputs are the values the bucket policy is built from.
type userFilesPolicyInputs struct {
	bucketArn  pulumi.StringOutput
	keyArn     pulumi.StringOutput
	encryption string
	scanning   bool
	// scannerRole is the ARN of GuardDuty's role, or "" when scanning is off.
	scannerRole  pulumi.StringOutput
	access       UserFilesAccess
	extraEntries []map[string]any
}

// document returns the bucket policy once its inputs are known.
func (in userFilesPolicyInputs) document() pulumi.StringOutput {
	roles := func(list pulumi.StringArrayInput) pulumi.StringArrayOutput {
		if list == nil {
			return pulumi.StringArray{}.ToStringArrayOutput()
		}
		return list.ToStringArrayOutput()
	}
	return pulumi.All(in.bucketArn, in.keyArn, in.scannerRole,
		roles(in.access.Uploaders), roles(in.access.Readers), roles(in.access.Processors),
	).ApplyT(func(values []any) (string, error) {
		return userFilesBucketPolicy(userFilesPolicyValues{
			bucketArn:   values[0].(string),
			keyArn:      values[1].(string),
			encryption:  in.encryption,
			scanning:    in.scanning,
			scannerRole: values[2].(string),
			uploaders:   values[3].([]string),
			readers:     values[4].([]string),
			processors:  values[5].([]string),
			extra:       in.extraEntries,
		})
	}).(pulumi.StringOutput)
}

// userFilesPolicyValues are the resolved inputs of the bucket policy.
type userFilesPolicyValues struct {
	bucketArn, keyArn, encryption string
	scanning                      bool
	scannerRole                   string
	uploaders, readers            []string
	processors                    []string
	extra                         []map[string]any
}

// userFilesBucketPolicy returns the bucket policy: TLS 1.2 or later only, no encryption other than the
// bucket's, objects used only by the named roles and, with scanning, no reads before a clean verdict and
// no forged verdicts.
//
// The policy never requires the encryption header: default encryption covers uploads without it, and a
// browser cannot add the header to a presigned upload unless the presigner signed it. The encryption
// statements apply only when the header is present (Null is "false") and names something else. A
// StringNotEquals or StringNotEqualsIfExists condition alone would also match an upload without the
// header, because IAM treats a missing key as not equal, and deny every browser upload.
func userFilesBucketPolicy(v userFilesPolicyValues) (string, error) {
	objects := v.bucketArn + "/*"
	statements := []map[string]any{
		{
			"Sid":       "DenyInsecureTransport",
			"Effect":    "Deny",
			"Principal": "*",
			"Action":    "s3:*",
			"Resource":  []string{v.bucketArn, objects},
			"Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}},
		},
		{
			"Sid":       "DenyOutdatedTLS",
			"Effect":    "Deny",
			"Principal": "*",
			"Action":    "s3:*",
			"Resource":  []string{v.bucketArn, objects},
			"Condition": map[string]any{"NumericLessThan": map[string]any{"s3:TlsVersion": "1.2"}},
		},
		{
			"Sid":       "DenyOtherEncryptionTypes",
			"Effect":    "Deny",
			"Principal": "*",
			"Action":    "s3:PutObject",
			"Resource":  objects,
			"Condition": map[string]any{
				"Null":            map[string]any{"s3:x-amz-server-side-encryption": "false"},
				"StringNotEquals": map[string]any{"s3:x-amz-server-side-encryption": v.encryption},
			},
		},
	}
	if v.encryption == EncryptionKMS {
		statements = append(statements, map[string]any{
			"Sid":       "DenyOtherEncryptionKeys",
			"Effect":    "Deny",
			"Principal": "*",
			"Action":    "s3:PutObject",
			"Resource":  objects,
			"Condition": map[string]any{
				"Null":            map[string]any{"s3:x-amz-server-side-encryption-aws-kms-key-id": "false"},
				"StringNotEquals": map[string]any{"s3:x-amz-server-side-encryption-aws-kms-key-id": v.keyArn},
			},
		})
	}

	// GuardDuty reads every upload and writes a validation object, so it counts as a user of objects.
	preVerdict := append([]string{}, v.processors...)
	if v.scanning && v.scannerRole != "" {
		preVerdict = append(preVerdict, v.scannerRole)
	}
	users := append(append(append([]string{}, v.uploaders...), v.readers...), preVerdict...)
	statements = append(statements, exceptRoles(map[string]any{
		"Sid":       "DenyObjectAccessToOtherPrincipals",
		"Effect":    "Deny",
		"Principal": "*",
		"Action":    append(append([]string{}, objectReadActions...), objectWriteActions...),
		"Resource":  objects,
	}, users, nil))

	if v.scanning {
		statements = append(statements,
			exceptRoles(map[string]any{
				"Sid":       "DenyReadsBeforeCleanScan",
				"Effect":    "Deny",
				"Principal": "*",
				"Action":    objectReadActions,
				"Resource":  objects,
			}, preVerdict, map[string]any{
				"StringNotEquals": map[string]any{"s3:ExistingObjectTag/" + ScanStatusTag: ScanStatusClean},
			}),
			exceptRoles(map[string]any{
				"Sid":       "DenyScanVerdictChanges",
				"Effect":    "Deny",
				"Principal": "*",
				"Action":    scanTagActions,
				"Resource":  objects,
			}, preVerdict, nil),
			exceptRoles(map[string]any{
				"Sid":       "DenyScanVerdictOnUpload",
				"Effect":    "Deny",
				"Principal": "*",
				"Action":    "s3:PutObject",
				"Resource":  objects,
			}, preVerdict, map[string]any{
				"ForAnyValue:StringEquals": map[string]any{"s3:RequestObjectTagKeys": []string{ScanStatusTag}},
			}),
		)
	}

	statements = append(statements, v.extra...)
	text, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": statements})
	if err != nil {
		return "", fmt.Errorf("encoding bucket policy: %w", err)
	}
	return string(text), nil
}

// exceptRoles sets the statement's Condition to the given conditions plus an ArnNotLike on
// aws:PrincipalArn that exempts the roles. With no roles and no conditions the statement has no
// Condition and applies to every principal.
func exceptRoles(statement map[string]any, roles []string, conditions map[string]any) map[string]any {
	condition := map[string]any{}
	for operator, values := range conditions {
		condition[operator] = values
	}
	if len(roles) > 0 {
		condition["ArnNotLike"] = map[string]any{"aws:PrincipalArn": roles}
	}
	if len(condition) > 0 {
		statement["Condition"] = condition
	}
	return statement
}
