package fakeaws

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

func init() {
	register("aws:lambda/function:Function", &typeSpec{
		autoname: &autonameRule{property: "name", maxLength: 64},
		required: []string{"role"},
		defaults: resource.PropertyMap{
			"memorySize":                     resource.NewNumberProperty(128),
			"timeout":                        resource.NewNumberProperty(3),
			"packageType":                    resource.NewStringProperty("Zip"),
			"publish":                        resource.NewBoolProperty(false),
			"reservedConcurrentExecutions":   resource.NewNumberProperty(-1),
			"skipDestroy":                    resource.NewBoolProperty(false),
			"replaceSecurityGroupsOnDestroy": resource.NewBoolProperty(false),
		},
		taggable: true,
		id:       inputID("name"),
		computed: lambdaComputed,
		refreshOnUpdate: []string{
			"codeSha256", "sourceCodeHash", "sourceCodeSize",
		},
	})

	register("aws:lambda/permission:Permission", &typeSpec{
		required: []string{"action", "function", "principal"},
		id: func(c *resourceContext) (string, error) {
			if id := c.str("statementId"); id != "" {
				return id, nil
			}
			return generatedName(valueOr(c.str("statementIdPrefix"), "terraform-"), c.seed()...), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{"statementId": resource.NewStringProperty(c.id)}
		},
	})
}

// lambdaComputed returns the ARNs, version, timestamps and code hash of a function.
func lambdaComputed(c *resourceContext) resource.PropertyMap {
	arn := c.regionalARN("lambda", "function:"+c.id)
	qualifiedARN := arn + ":$LATEST"
	// API Gateway invoke ARNs have the region but no account id.
	invokeARN := func(functionARN string) string {
		return "arn:" + c.model.Partition + ":apigateway:" + c.model.Region +
			":lambda:path/2015-03-31/functions/" + functionARN + "/invocations"
	}

	outputs := resource.PropertyMap{
		"arn":                resource.NewStringProperty(arn),
		"qualifiedArn":       resource.NewStringProperty(qualifiedARN),
		"invokeArn":          resource.NewStringProperty(invokeARN(arn)),
		"qualifiedInvokeArn": resource.NewStringProperty(invokeARN(qualifiedARN)),
		"version":            resource.NewStringProperty("$LATEST"),
		// AWS returns the time of the last change. The model keeps one fixed time.
		"lastModified":  resource.NewStringProperty(fixedTimeLambda),
		"architectures": stringArray("x86_64"),
		"ephemeralStorage": resource.NewObjectProperty(resource.PropertyMap{
			"size": resource.NewNumberProperty(512),
		}),
		"tracingConfig": resource.NewObjectProperty(resource.PropertyMap{
			"mode": resource.NewStringProperty("PassThrough"),
		}),
		"loggingConfig": resource.NewObjectProperty(resource.PropertyMap{
			"logFormat": resource.NewStringProperty("Text"),
			"logGroup":  resource.NewStringProperty("/aws/lambda/" + c.id),
		}),
		"signingJobArn":            resource.NewStringProperty(""),
		"signingProfileVersionArn": resource.NewStringProperty(""),
	}

	hash, size, known := codeHash(c.inputs)
	if known {
		outputs["codeSha256"] = resource.NewStringProperty(hash)
		outputs["sourceCodeHash"] = resource.NewStringProperty(hash)
		outputs["sourceCodeSize"] = resource.NewNumberProperty(float64(size))
	} else {
		outputs["codeSha256"] = unknown()
		outputs["sourceCodeHash"] = unknown()
		outputs["sourceCodeSize"] = unknown()
	}
	return outputs
}

// codeHash returns the base64 SHA-256 of a function's code, as AWS reports it in CodeSha256, and a code
// size. Both are derived from the engine's hash of the code archive, or from the image URI or S3 object when
// the function has no archive.
//
// NOTE: AWS hashes the uploaded zip file, but the model hashes the engine's archive hash, so the value
// changes exactly when the code does but differs from the real one. The size is a stand-in number derived
// from the same hash, not the size of the zip file.
func codeHash(inputs resource.PropertyMap) (string, int, bool) {
	var digest []byte
	if v, has := inputs["code"]; has {
		v, known := unwrap(v)
		if !known {
			return "", 0, false
		}
		if v.IsArchive() {
			digest = archiveDigest(v)
		}
	}
	if digest == nil {
		if keyIsUnknown(inputs, "imageUri") || keyIsUnknown(inputs, "s3Key") {
			return "", 0, false
		}
		source, _ := stringValue(inputs, "imageUri")
		bucket, _ := stringValue(inputs, "s3Bucket")
		key, _ := stringValue(inputs, "s3Key")
		decoded, err := hex.DecodeString(deriveHex(64, "code", source, bucket, key))
		if err != nil {
			return "", 0, false
		}
		digest = decoded
	}
	size := 1024 + int(binary.BigEndian.Uint32(digest[:4])%(10<<20))
	return base64.StdEncoding.EncodeToString(digest), size, true
}

// archiveDigest returns the SHA-256 digest of an archive: the engine's hash when it has one, otherwise the
// hash computed from its files, otherwise a hash of its path or URI.
func archiveDigest(v resource.PropertyValue) []byte {
	archive := v.ArchiveValue()
	if archive.Hash == "" {
		// Pulumi unit-test mocks receive archives that the engine has not hashed.
		copied := *archive
		if err := copied.EnsureHash(); err == nil {
			archive = &copied
		}
	}
	if decoded, err := hex.DecodeString(archive.Hash); err == nil && len(decoded) >= 4 {
		return decoded
	}
	decoded, err := hex.DecodeString(deriveHex(64, "archive", archive.Path, archive.URI))
	if err != nil {
		return nil
	}
	return decoded
}
