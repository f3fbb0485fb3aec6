package infra

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// UploadStatements returns the statements of a role that writes uploads, such as the function that
// presigns upload URLs: s3:PutObject under QuarantinePrefix and, with SSE-KMS, kms:GenerateDataKey on the
// bucket key through S3. Add the role's ARN to UserFilesAccess.Uploaders too.
func (b *UserFilesBucket) UploadStatements() []PolicyStatement {
	statements := []PolicyStatement{{
		Sid:       "WriteUploads",
		Actions:   []string{"s3:PutObject"},
		Resources: b.objectARNs(QuarantinePrefix),
	}}
	return append(statements, b.keyStatement("EncryptUploads", "kms:GenerateDataKey")...)
}

// ReadStatements returns the statements of a role that reads promoted files: s3:GetObject under
// FilesPrefix and, with SSE-KMS, kms:Decrypt on the bucket key through S3. Add the role's ARN to
// UserFilesAccess.Readers too.
func (b *UserFilesBucket) ReadStatements() []PolicyStatement {
	statements := []PolicyStatement{{
		Sid:       "ReadFiles",
		Actions:   []string{"s3:GetObject"},
		Resources: b.objectARNs(FilesPrefix),
	}}
	return append(statements, b.keyStatement("DecryptFiles", "kms:Decrypt")...)
}

// ProcessingStatements returns the statements of a role that handles uploads before the scan verdict,
// such as the validation function and the promotion step. The role reads an upload and its tags under
// QuarantinePrefix, copies it with its tags under FilesPrefix or RejectedPrefix and deletes it from the
// quarantine. Add the role's ARN to UserFilesAccess.Processors too.
func (b *UserFilesBucket) ProcessingStatements() []PolicyStatement {
	statements := []PolicyStatement{
		{
			Sid:       "ReadAndRemoveUploads",
			Actions:   []string{"s3:GetObject", "s3:GetObjectTagging", "s3:DeleteObject"},
			Resources: b.objectARNs(QuarantinePrefix),
		},
		{
			Sid:       "WritePromotedAndRejectedFiles",
			Actions:   []string{"s3:PutObject", "s3:PutObjectTagging"},
			Resources: b.objectARNs(FilesPrefix, RejectedPrefix),
		},
	}
	return append(statements, b.keyStatement("UseBucketKey", "kms:Decrypt", "kms:GenerateDataKey")...)
}

// objectARNs returns the ARN patterns of the objects under the prefixes.
func (b *UserFilesBucket) objectARNs(prefixes ...string) pulumi.StringArrayOutput {
	patterns := make([]pulumi.StringOutput, len(prefixes))
	for i, prefix := range prefixes {
		patterns[i] = pulumi.Sprintf("%s/%s*", b.BucketArn, prefix)
	}
	return pulumi.ToStringArrayOutput(patterns)
}

// keyStatement returns a statement for the actions on the bucket key, limited to requests S3 makes in
// the region, or none with SSE-S3.
func (b *UserFilesBucket) keyStatement(sid string, actions ...string) []PolicyStatement {
	if b.encryption != EncryptionKMS {
		return nil
	}
	return []PolicyStatement{{
		Sid:       sid,
		Actions:   actions,
		Resources: pulumi.ToStringArrayOutput([]pulumi.StringOutput{b.KeyArn}),
		Condition: map[string]any{"StringEquals": map[string]any{"kms:ViaService": s3ViaService(b.account)}},
	}}
}
