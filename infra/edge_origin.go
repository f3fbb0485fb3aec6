package infra

import (
	"fmt"
	"strconv"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudfront"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/secretsmanager"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Settings of the origin verification secret and its rotation function.
const (
	// rotationFunctionTimeoutSeconds is Lambda's maximum. setSecret waits for WAF to propagate, and
	// finishSecret waits until CloudFront has deployed the new header to every edge location.
	rotationFunctionTimeoutSeconds = 900
	// originSecretRecoveryDays is 0, which deletes the secret at once instead of scheduling the deletion.
	// The secret has a fixed name, and Secrets Manager refuses to create a secret whose name is still
	// scheduled for deletion, so turning the edge off and on again within a recovery window would fail.
	// Nothing is lost, because the rotation schedule gives a new secret its first value.
	originSecretRecoveryDays = 0
	// originSecretPackage is the Go package of the rotation function.
	originSecretPackage = "./functions/originsecret"
	// noMatchRegex matches no text, because no character is neither whitespace nor not whitespace. The
	// pattern set starts with it, so that WAF accepts no value until the first rotation stores one.
	noMatchRegex = `[^\s\S]`
)

// Actions that the rotation function needs on the resources it updates.
var (
	originSecretActions = []string{
		"secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue",
		"secretsmanager:UpdateSecretVersionStage",
	}
	patternSetActions   = []string{"wafv2:GetRegexPatternSet", "wafv2:UpdateRegexPatternSet"}
	distributionActions = []string{
		"cloudfront:GetDistribution", "cloudfront:GetDistributionConfig", "cloudfront:UpdateDistribution",
	}
)

// originVerification is the origin verification secret, its key and the pattern set of its values.
type originVerification struct {
	account    awsAccount
	key        *kms.Key
	secret     *secretsmanager.Secret
	patternSet *wafv2.RegexPatternSet
}

// newOriginVerification creates the secret, encrypted with a key of its own, and the REGIONAL pattern set
// that the API's web ACL matches the header against, in the API's region.
func newOriginVerification(ctx *pulumi.Context, name string, args EdgeArgs, account awsAccount,
	parent pulumi.ResourceOption,
) (originVerification, error) {
	key, err := kms.NewKey(ctx, name+"-origin-secret-key", &kms.KeyArgs{
		Description:          pulumi.Sprintf("Encrypts the origin verification secret of %s.", args.NamePrefix),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(args.KMSKeyDeletionWindowDays),
		Policy:               pulumi.String(keyPolicy(account)),
	}, parent)
	if err != nil {
		return originVerification{}, fmt.Errorf("creating the origin secret key of edge %q: %w", name, err)
	}

	// The secret starts without a value. The rotation function stores the first one, so that no value
	// ever appears in the program or the stack's state.
	// NOTE: that the rotation schedule starts a first rotation of a secret without any version is not
	// yet confirmed against AWS.
	secret, err := secretsmanager.NewSecret(ctx, name+"-origin-secret", &secretsmanager.SecretArgs{
		Name: pulumi.String(args.NamePrefix + "-origin-verify"),
		Description: pulumi.Sprintf("Value of the %s header that CloudFront sends to the API of %s.",
			OriginVerifyHeaderName, args.NamePrefix),
		KmsKeyId:             key.Arn,
		RecoveryWindowInDays: pulumi.Int(originSecretRecoveryDays),
	}, parent)
	if err != nil {
		return originVerification{}, fmt.Errorf("creating the origin secret of edge %q: %w", name, err)
	}

	patternSet, err := wafv2.NewRegexPatternSet(ctx, name+"-origin-verify", &wafv2.RegexPatternSetArgs{
		Name:        pulumi.String(args.NamePrefix + "-origin-verify"),
		Description: pulumi.String("Values of the origin verification header that the API accepts."),
		Scope:       pulumi.String("REGIONAL"),
		RegularExpressions: wafv2.RegexPatternSetRegularExpressionArray{
			&wafv2.RegexPatternSetRegularExpressionArgs{RegexString: pulumi.String(noMatchRegex)},
		},
	}, parent,
		// The rotation function owns the expressions: it adds the pending value and removes the old one.
		// A deployment that set them again would reject every request until the next rotation.
		pulumi.IgnoreChanges([]string{"regularExpressions"}))
	if err != nil {
		return originVerification{}, fmt.Errorf("creating the origin verification pattern set of edge %q: %w", name, err)
	}
	return originVerification{account: account, key: key, secret: secret, patternSet: patternSet}, nil
}

// rotate creates the rotation function, lets Secrets Manager invoke it for the secret and schedules the
// rotation. Secrets Manager starts the first rotation as soon as the schedule exists, which stores the
// first value and replaces the distribution's placeholder.
func (v originVerification) rotate(ctx *pulumi.Context, name string, args EdgeArgs,
	distribution *cloudfront.Distribution, parent pulumi.ResourceOption,
) (*GoFunction, error) {
	functionArgs := args.RotationFunction
	functionArgs.FunctionName = args.NamePrefix + rotationFunctionSuffix
	functionArgs.Description = "Rotates the origin verification secret in Secrets Manager, the API's WAF pattern " +
		"set and the CloudFront origin header."
	if functionArgs.Archive == "" {
		functionArgs.Package = originSecretPackage
	}
	functionArgs.TimeoutSeconds = rotationFunctionTimeoutSeconds
	// CloudFront's API has no VPC endpoint, so the function runs outside the VPC.
	functionArgs.Vpc = nil
	functionArgs.Environment = map[string]string{
		"ORIGIN_ID":               apiOriginID,
		"HEADER_NAME":             OriginVerifyHeaderName,
		"PATTERN_SET_SCOPE":       "REGIONAL",
		"WAF_PROPAGATION_SECONDS": strconv.Itoa(args.WAFPropagationSeconds),
	}
	functionArgs.EnvironmentOutputs = map[string]pulumi.StringInput{
		"DISTRIBUTION_ID":  distribution.ID().ToStringOutput(),
		"PATTERN_SET_NAME": v.patternSet.Name,
		"PATTERN_SET_ID":   v.patternSet.ID().ToStringOutput(),
	}
	functionArgs.Statements = v.rotationStatements(distribution)
	function, err := NewGoFunction(ctx, name+rotationFunctionSuffix, functionArgs, parent)
	if err != nil {
		return nil, err
	}

	permission, err := lambda.NewPermission(ctx, name+"-origin-secret-invoke", &lambda.PermissionArgs{
		Action:        pulumi.String("lambda:InvokeFunction"),
		Function:      function.FunctionName,
		Principal:     pulumi.String("secretsmanager.amazonaws.com"),
		SourceArn:     v.secret.Arn,
		SourceAccount: pulumi.String(v.account.ID),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating the rotation permission of edge %q: %w", name, err)
	}

	// The first rotation updates the pattern set and the distribution, so the schedule waits for both.
	if _, err := secretsmanager.NewSecretRotation(ctx, name+"-origin-secret-schedule", &secretsmanager.SecretRotationArgs{
		SecretId:          v.secret.ID(),
		RotationLambdaArn: function.FunctionArn,
		RotationRules: &secretsmanager.SecretRotationRotationRulesArgs{
			AutomaticallyAfterDays: pulumi.Int(args.RotationDays),
		},
		RotateImmediately: pulumi.Bool(true),
	}, parent, pulumi.DependsOn([]pulumi.Resource{permission, distribution, v.patternSet})); err != nil {
		return nil, fmt.Errorf("creating the rotation schedule of edge %q: %w", name, err)
	}
	return function, nil
}

// rotationStatements are the permissions of the rotation function: the four rotation calls on the
// secret, its key through Secrets Manager, the pattern set and the distribution.
func (v originVerification) rotationStatements(distribution *cloudfront.Distribution) []PolicyStatement {
	return []PolicyStatement{
		{
			Sid:       "RotateOriginSecret",
			Actions:   originSecretActions,
			Resources: pulumi.StringArray{v.secret.Arn},
		},
		{
			Sid:       "UseOriginSecretKey",
			Actions:   []string{"kms:Decrypt", "kms:GenerateDataKey"},
			Resources: pulumi.StringArray{v.key.Arn},
			Condition: map[string]any{"StringEquals": map[string]any{
				"kms:ViaService": "secretsmanager." + v.account.Region + "." + v.account.DNSSuffix,
			}},
		},
		{
			Sid:       "UpdateOriginPatternSet",
			Actions:   patternSetActions,
			Resources: pulumi.StringArray{v.patternSet.Arn},
		},
		{
			Sid:       "UpdateOriginHeader",
			Actions:   distributionActions,
			Resources: pulumi.StringArray{distribution.Arn},
		},
	}
}
