package infra

import (
	"fmt"
	"maps"
	"strconv"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sqs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Settings of the validate function's asynchronous invocations.
const (
	// ValidateMaxRetryAttempts is how often Lambda retries a failed event before it sends the event to
	// the failure queue.
	ValidateMaxRetryAttempts = 2
	// ValidateMaxEventAgeSeconds is how long Lambda keeps an event it could not run, 6 hours (the
	// maximum Lambda accepts), before it sends the event to the failure queue.
	ValidateMaxEventAgeSeconds = 6 * 60 * 60
	// failureQueueRetentionSeconds keeps failed events for 14 days, the maximum SQS allows, so an
	// operator can replay them.
	failureQueueRetentionSeconds = 14 * 24 * 60 * 60
)

// fileFunctions are the functions of the file API and upload validation.
type fileFunctions struct {
	uploads, files, quarantine, validate *GoFunction
	// failureQueue receives the events that validate still fails after its retries.
	failureQueue *sqs.Queue
}

// fileFunctionsInputs are the values every file function is built from.
type fileFunctionsInputs struct {
	name     string
	args     PlatformArgs
	shared   GoFunctionArgs
	account  awsAccount
	bucket   *UserFilesBucket
	scanning bool
	parent   pulumi.ResourceOption
}

// newFileFunctions creates the uploads, files, quarantine and validate functions, each with a role
// limited to the actions and prefixes its handler uses, and the triggers of validate.
func newFileFunctions(ctx *pulumi.Context, in fileFunctionsInputs) (*fileFunctions, error) {
	bucket := in.bucket
	prefixes := []string{QuarantinePrefix, FilesPrefix, RejectedPrefix}

	uploads, err := in.newFunction(ctx, "uploads",
		"POST /uploads: signs a form upload under the quarantine prefix.",
		bucket.UploadStatements())
	if err != nil {
		return nil, err
	}

	filesStatements := append([]PolicyStatement{
		listStatement(bucket, "ListUserPrefixes", []string{"s3:ListBucket", "s3:ListBucketVersions"}, prefixes...),
		{
			Sid:       "DeleteFilesAndVersions",
			Actions:   []string{"s3:DeleteObject", "s3:DeleteObjectVersion"},
			Resources: bucket.objectARNs(prefixes...),
		},
	}, bucket.ReadStatements()...)
	files, err := in.newFunction(ctx, "files",
		"GET and DELETE /files, DELETE /me/files: lists, signs downloads of, deletes and erases a user's files.",
		filesStatements)
	if err != nil {
		return nil, err
	}

	quarantine, err := in.newFunction(ctx, "quarantine",
		"GET /admin/quarantine: lists rejected uploads with the reason, for admins.",
		[]PolicyStatement{
			listStatement(bucket, "ListRejectedUploads", []string{"s3:ListBucket"}, RejectedPrefix),
			{
				Sid:       "ReadRejectedMetadata",
				Actions:   []string{"s3:GetObject"},
				Resources: bucket.objectARNs(RejectedPrefix),
			},
		})
	if err != nil {
		return nil, err
	}

	// With SSE-SQS the queue needs no key policy, and the role no key permission, to receive events.
	failureQueue, err := sqs.NewQueue(ctx, in.name+"-validate-failures", &sqs.QueueArgs{
		SqsManagedSseEnabled:    pulumi.Bool(true),
		MessageRetentionSeconds: pulumi.Int(failureQueueRetentionSeconds),
	}, in.parent)
	if err != nil {
		return nil, fmt.Errorf("creating the failure queue of the validate function: %w", err)
	}

	validateStatements := append(bucket.ProcessingStatements(),
		listStatement(bucket, "ListUserPrefixes", []string{"s3:ListBucket"}, prefixes...),
		PolicyStatement{
			Sid: "ReadAndRemoveUploadVersions",
			Actions: []string{
				"s3:GetObjectVersion", "s3:GetObjectVersionTagging", "s3:DeleteObjectVersion",
			},
			Resources: bucket.objectARNs(QuarantinePrefix),
		},
		PolicyStatement{
			Sid:       "ReadPromotedAndRejectedFiles",
			Actions:   []string{"s3:GetObject"},
			Resources: bucket.objectARNs(FilesPrefix, RejectedPrefix),
		},
		PolicyStatement{
			Sid:       "SendFailedEvents",
			Actions:   []string{"sqs:SendMessage"},
			Resources: pulumi.StringArray{failureQueue.Arn},
		},
	)
	validate, err := in.newFunction(ctx, "validate",
		"Checks every upload under the quarantine prefix and promotes or rejects it.",
		validateStatements)
	if err != nil {
		return nil, err
	}

	if err := in.configureValidateInvocations(ctx, validate, failureQueue); err != nil {
		return nil, err
	}
	return &fileFunctions{
		uploads: uploads, files: files, quarantine: quarantine, validate: validate, failureQueue: failureQueue,
	}, nil
}

// newFunction creates the function of ./functions/<short>, or of its prebuilt archive, named
// <prefix>-<short>, in the private subnets, with the bucket settings in its environment.
func (in fileFunctionsInputs) newFunction(ctx *pulumi.Context, short, description string,
	statements []PolicyStatement,
) (*GoFunction, error) {
	functionArgs := in.shared
	functionArgs.FunctionName = platformFunctionName(in.args.NamePrefix, short)
	functionArgs.Description = description
	functionArgs = in.args.withCode(functionArgs, short)
	functionArgs.Statements = statements
	functionArgs.Environment = map[string]string{
		"QUARANTINE_PREFIX":        QuarantinePrefix,
		"FILES_PREFIX":             FilesPrefix,
		"REJECTED_PREFIX":          RejectedPrefix,
		"MALWARE_SCANNING_ENABLED": strconv.FormatBool(in.scanning),
	}
	maps.Copy(functionArgs.Environment, corsEnvironment(in.args.API.Cors.AllowedOrigins))
	functionArgs.EnvironmentOutputs = map[string]pulumi.StringInput{
		"USER_FILES_BUCKET": in.bucket.BucketName,
	}
	return NewGoFunction(ctx, in.name+"-"+short, functionArgs, in.parent)
}

// configureValidateInvocations sets the retries and failure queue of validate's asynchronous
// invocations and subscribes it to uploads. With scanning on, the scan-result rule invokes it, because
// a file may be promoted only after its scan. With scanning off, an S3 event notification on
// QuarantinePrefix invokes it. A BucketNotification owns the bucket's whole notification configuration,
// which GuardDuty changes when scanning is on, so it is created only when scanning is off.
func (in fileFunctionsInputs) configureValidateInvocations(ctx *pulumi.Context, validate *GoFunction,
	failureQueue *sqs.Queue,
) error {
	_, err := lambda.NewFunctionEventInvokeConfig(ctx, in.name+"-validate-invocations", &lambda.FunctionEventInvokeConfigArgs{
		FunctionName:             validate.FunctionName,
		MaximumRetryAttempts:     pulumi.Int(ValidateMaxRetryAttempts),
		MaximumEventAgeInSeconds: pulumi.Int(ValidateMaxEventAgeSeconds),
		DestinationConfig: &lambda.FunctionEventInvokeConfigDestinationConfigArgs{
			OnFailure: &lambda.FunctionEventInvokeConfigDestinationConfigOnFailureArgs{
				Destination: failureQueue.Arn,
			},
		},
	}, in.parent)
	if err != nil {
		return fmt.Errorf("configuring the invocations of the validate function: %w", err)
	}

	if in.scanning {
		rule := in.bucket.ScanResultRule
		permission, err := lambda.NewPermission(ctx, in.name+"-validate-scan-results", &lambda.PermissionArgs{
			Action:    pulumi.String("lambda:InvokeFunction"),
			Function:  validate.FunctionName,
			Principal: pulumi.String("events.amazonaws.com"),
			SourceArn: rule.Arn,
		}, in.parent)
		if err != nil {
			return fmt.Errorf("allowing the scan result rule to invoke the validate function: %w", err)
		}
		_, err = cloudwatch.NewEventTarget(ctx, in.name+"-validate-scan-results", &cloudwatch.EventTargetArgs{
			Rule: rule.Name,
			Arn:  validate.FunctionArn,
		}, in.parent, pulumi.DependsOn([]pulumi.Resource{permission}))
		if err != nil {
			return fmt.Errorf("adding the validate function to the scan result rule: %w", err)
		}
		return nil
	}

	permission, err := lambda.NewPermission(ctx, in.name+"-validate-uploads", &lambda.PermissionArgs{
		Action:        pulumi.String("lambda:InvokeFunction"),
		Function:      validate.FunctionName,
		Principal:     pulumi.String("s3.amazonaws.com"),
		SourceArn:     in.bucket.BucketArn,
		SourceAccount: pulumi.String(in.account.ID),
	}, in.parent)
	if err != nil {
		return fmt.Errorf("allowing the user-files bucket to invoke the validate function: %w", err)
	}
	// S3 checks that it may invoke the function when the notification is saved, and rejects changes
	// while another setting of the bucket is being written, so the notification waits for both.
	_, err = s3.NewBucketNotification(ctx, in.name+"-validate-uploads", &s3.BucketNotificationArgs{
		Bucket: in.bucket.Bucket.ID(),
		LambdaFunctions: s3.BucketNotificationLambdaFunctionArray{
			&s3.BucketNotificationLambdaFunctionArgs{
				LambdaFunctionArn: validate.FunctionArn,
				Events:            pulumi.StringArray{pulumi.String("s3:ObjectCreated:*")},
				FilterPrefix:      pulumi.String(QuarantinePrefix),
			},
		},
	}, in.parent, pulumi.DependsOn([]pulumi.Resource{permission, in.bucket}))
	if err != nil {
		return fmt.Errorf("subscribing the validate function to uploads: %w", err)
	}
	return nil
}

// listStatement returns a statement for bucket-level list actions, limited by s3:prefix to the
// prefixes.
// NOTE: the functions need s3:ListBucket so that HeadObject of a missing key returns 404 rather than
// 403. Whether S3 grants that with an s3:prefix condition was not checked against AWS.
func listStatement(bucket *UserFilesBucket, sid string, actions []string, prefixes ...string) PolicyStatement {
	patterns := make([]string, len(prefixes))
	for i, prefix := range prefixes {
		patterns[i] = prefix + "*"
	}
	return PolicyStatement{
		Sid:       sid,
		Actions:   actions,
		Resources: pulumi.ToStringArrayOutput([]pulumi.StringOutput{bucket.BucketArn}),
		Condition: map[string]any{"StringLike": map[string]any{"s3:prefix": patterns}},
	}
}
