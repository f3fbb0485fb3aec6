package rotation

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cloudfronttypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	secretsmanagertypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"
)

// conflictAttempts is how often an update that lost a race with another writer (an ETag or lock token
// that changed between read and write) is tried in all.
const conflictAttempts = 3

// cloudFrontDeployed is the status of a distribution whose latest configuration every edge location has.
const cloudFrontDeployed = "Deployed"

// SecretsManagerAPI is the part of the Secrets Manager client that SecretsManagerStore calls.
type SecretsManagerAPI interface {
	DescribeSecret(ctx context.Context, in *secretsmanager.DescribeSecretInput,
		opts ...func(*secretsmanager.Options)) (*secretsmanager.DescribeSecretOutput, error)
	GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput,
		opts ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
	PutSecretValue(ctx context.Context, in *secretsmanager.PutSecretValueInput,
		opts ...func(*secretsmanager.Options)) (*secretsmanager.PutSecretValueOutput, error)
	UpdateSecretVersionStage(ctx context.Context, in *secretsmanager.UpdateSecretVersionStageInput,
		opts ...func(*secretsmanager.Options)) (*secretsmanager.UpdateSecretVersionStageOutput, error)
}

// SecretsManagerStore is the SecretStore of a deployed function.
type SecretsManagerStore struct {
	Client SecretsManagerAPI
}

var _ SecretStore = SecretsManagerStore{}

// Describe reads the rotation flag and the staging labels of the secret.
func (s SecretsManagerStore) Describe(ctx context.Context, secretID string) (SecretDescription, error) {
	out, err := s.Client.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String(secretID)})
	if err != nil {
		return SecretDescription{}, err
	}
	return SecretDescription{
		RotationEnabled: aws.ToBool(out.RotationEnabled),
		VersionStages:   out.VersionIdsToStages,
	}, nil
}

// Value reads a version's value. An empty versionID selects the version by its label only.
func (s SecretsManagerStore) Value(ctx context.Context, secretID, versionID, stage string) (string, error) {
	in := &secretsmanager.GetSecretValueInput{SecretId: aws.String(secretID)}
	if versionID != "" {
		in.VersionId = aws.String(versionID)
	}
	if stage != "" {
		in.VersionStage = aws.String(stage)
	}
	out, err := s.Client.GetSecretValue(ctx, in)
	var notFound *secretsmanagertypes.ResourceNotFoundException
	if errors.As(err, &notFound) {
		return "", fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	if err != nil {
		return "", err
	}
	return aws.ToString(out.SecretString), nil
}

// PutPending stores the value as the version with the label AWSPENDING.
func (s SecretsManagerStore) PutPending(ctx context.Context, secretID, versionID, value string) error {
	_, err := s.Client.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{
		SecretId:           aws.String(secretID),
		ClientRequestToken: aws.String(versionID),
		SecretString:       aws.String(value),
		VersionStages:      []string{StagePending},
	})
	return err
}

// MoveCurrent moves the label AWSCURRENT to versionID.
func (s SecretsManagerStore) MoveCurrent(ctx context.Context, secretID, versionID, fromVersionID string) error {
	in := &secretsmanager.UpdateSecretVersionStageInput{
		SecretId:        aws.String(secretID),
		VersionStage:    aws.String(StageCurrent),
		MoveToVersionId: aws.String(versionID),
	}
	if fromVersionID != "" {
		in.RemoveFromVersionId = aws.String(fromVersionID)
	}
	_, err := s.Client.UpdateSecretVersionStage(ctx, in)
	return err
}

// CloudFrontAPI is the part of the CloudFront client that CloudFrontDistribution calls.
type CloudFrontAPI interface {
	GetDistribution(ctx context.Context, in *cloudfront.GetDistributionInput,
		opts ...func(*cloudfront.Options)) (*cloudfront.GetDistributionOutput, error)
	GetDistributionConfig(ctx context.Context, in *cloudfront.GetDistributionConfigInput,
		opts ...func(*cloudfront.Options)) (*cloudfront.GetDistributionConfigOutput, error)
	UpdateDistribution(ctx context.Context, in *cloudfront.UpdateDistributionInput,
		opts ...func(*cloudfront.Options)) (*cloudfront.UpdateDistributionOutput, error)
}

// CloudFrontDistribution is the Distribution of a deployed function: the custom header HeaderName of
// the origin OriginID of the distribution DistributionID.
type CloudFrontDistribution struct {
	Client         CloudFrontAPI
	DistributionID string
	OriginID       string
	HeaderName     string
}

var _ Distribution = CloudFrontDistribution{}

// OriginHeader reads the header's value and whether the distribution's status is Deployed.
func (d CloudFrontDistribution) OriginHeader(ctx context.Context) (string, bool, error) {
	out, err := d.Client.GetDistribution(ctx, &cloudfront.GetDistributionInput{Id: aws.String(d.DistributionID)})
	if err != nil {
		return "", false, err
	}
	if out.Distribution == nil || out.Distribution.DistributionConfig == nil {
		return "", false, fmt.Errorf("distribution %s has no configuration in the response", d.DistributionID)
	}
	origin, err := d.origin(out.Distribution.DistributionConfig)
	if err != nil {
		return "", false, err
	}
	value := ""
	if origin.CustomHeaders != nil {
		for _, header := range origin.CustomHeaders.Items {
			if strings.EqualFold(aws.ToString(header.HeaderName), d.HeaderName) {
				value = aws.ToString(header.HeaderValue)
			}
		}
	}
	return value, aws.ToString(out.Distribution.Status) == cloudFrontDeployed, nil
}

// SetOriginHeader sets the header's value in the distribution's configuration and leaves every other
// setting as it is. It reads the configuration again when another writer changed it in between.
func (d CloudFrontDistribution) SetOriginHeader(ctx context.Context, value string) error {
	var err error
	for range conflictAttempts {
		err = d.setOriginHeader(ctx, value)
		var conflict *cloudfronttypes.PreconditionFailed
		if !errors.As(err, &conflict) {
			return err
		}
	}
	return fmt.Errorf("updating distribution %s: the configuration changed during each of %d attempts: %w",
		d.DistributionID, conflictAttempts, err)
}

func (d CloudFrontDistribution) setOriginHeader(ctx context.Context, value string) error {
	out, err := d.Client.GetDistributionConfig(ctx, &cloudfront.GetDistributionConfigInput{Id: aws.String(d.DistributionID)})
	if err != nil {
		return err
	}
	if out.DistributionConfig == nil {
		return fmt.Errorf("distribution %s has no configuration in the response", d.DistributionID)
	}
	origin, err := d.origin(out.DistributionConfig)
	if err != nil {
		return err
	}
	if origin.CustomHeaders == nil {
		origin.CustomHeaders = &cloudfronttypes.CustomHeaders{}
	}
	items := origin.CustomHeaders.Items[:0:0]
	for _, header := range origin.CustomHeaders.Items {
		if !strings.EqualFold(aws.ToString(header.HeaderName), d.HeaderName) {
			items = append(items, header)
		}
	}
	items = append(items, cloudfronttypes.OriginCustomHeader{
		HeaderName: aws.String(d.HeaderName), HeaderValue: aws.String(value),
	})
	origin.CustomHeaders.Items = items
	origin.CustomHeaders.Quantity = aws.Int32(int32(len(items)))

	_, err = d.Client.UpdateDistribution(ctx, &cloudfront.UpdateDistributionInput{
		Id:                 aws.String(d.DistributionID),
		IfMatch:            out.ETag,
		DistributionConfig: out.DistributionConfig,
	})
	return err
}

// origin returns the origin OriginID of the configuration, which the caller may change in place.
func (d CloudFrontDistribution) origin(config *cloudfronttypes.DistributionConfig) (*cloudfronttypes.Origin, error) {
	if config.Origins != nil {
		for i := range config.Origins.Items {
			if aws.ToString(config.Origins.Items[i].Id) == d.OriginID {
				return &config.Origins.Items[i], nil
			}
		}
	}
	return nil, fmt.Errorf("distribution %s has no origin %q; check ORIGIN_ID against the distribution",
		d.DistributionID, d.OriginID)
}

// WAFAPI is the part of the WAFv2 client that WAFPatternSet calls.
type WAFAPI interface {
	GetRegexPatternSet(ctx context.Context, in *wafv2.GetRegexPatternSetInput,
		opts ...func(*wafv2.Options)) (*wafv2.GetRegexPatternSetOutput, error)
	UpdateRegexPatternSet(ctx context.Context, in *wafv2.UpdateRegexPatternSetInput,
		opts ...func(*wafv2.Options)) (*wafv2.UpdateRegexPatternSetOutput, error)
}

// WAFPatternSet is the PatternSet of a deployed function.
type WAFPatternSet struct {
	Client WAFAPI
	Name   string
	ID     string
	Scope  waftypes.Scope
}

var _ PatternSet = WAFPatternSet{}

// Regexes reads the expressions of the set.
func (p WAFPatternSet) Regexes(ctx context.Context) ([]string, error) {
	out, err := p.get(ctx)
	if err != nil {
		return nil, err
	}
	var regexes []string
	for _, regex := range out.RegexPatternSet.RegularExpressionList {
		regexes = append(regexes, aws.ToString(regex.RegexString))
	}
	return regexes, nil
}

// SetRegexes replaces the expressions of the set and keeps its description. It reads the set again when
// another writer changed it in between.
func (p WAFPatternSet) SetRegexes(ctx context.Context, regexes []string) error {
	list := make([]waftypes.Regex, len(regexes))
	for i, regex := range regexes {
		list[i] = waftypes.Regex{RegexString: aws.String(regex)}
	}
	var err error
	for range conflictAttempts {
		var out *wafv2.GetRegexPatternSetOutput
		if out, err = p.get(ctx); err != nil {
			return err
		}
		_, err = p.Client.UpdateRegexPatternSet(ctx, &wafv2.UpdateRegexPatternSetInput{
			Id:                    aws.String(p.ID),
			Name:                  aws.String(p.Name),
			Scope:                 p.Scope,
			LockToken:             out.LockToken,
			Description:           out.RegexPatternSet.Description,
			RegularExpressionList: list,
		})
		var conflict *waftypes.WAFOptimisticLockException
		if !errors.As(err, &conflict) {
			return err
		}
	}
	return fmt.Errorf("updating regex pattern set %s: it changed during each of %d attempts: %w",
		p.Name, conflictAttempts, err)
}

func (p WAFPatternSet) get(ctx context.Context) (*wafv2.GetRegexPatternSetOutput, error) {
	out, err := p.Client.GetRegexPatternSet(ctx, &wafv2.GetRegexPatternSetInput{
		Id: aws.String(p.ID), Name: aws.String(p.Name), Scope: p.Scope,
	})
	if err != nil {
		return nil, err
	}
	if out.RegexPatternSet == nil {
		return nil, fmt.Errorf("regex pattern set %s has no content in the response", p.Name)
	}
	return out, nil
}
