package rotation

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cloudfronttypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	secretsmanagertypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cloudFrontClient serves one distribution configuration and records the updates.
type cloudFrontClient struct {
	config  *cloudfronttypes.DistributionConfig
	status  string
	etag    string
	updates []*cloudfront.UpdateDistributionInput
	// conflicts is the number of updates to reject with PreconditionFailed first.
	conflicts int
}

func (c *cloudFrontClient) GetDistribution(context.Context, *cloudfront.GetDistributionInput,
	...func(*cloudfront.Options),
) (*cloudfront.GetDistributionOutput, error) {
	return &cloudfront.GetDistributionOutput{Distribution: &cloudfronttypes.Distribution{
		DistributionConfig: c.config, Status: aws.String(c.status),
	}}, nil
}

func (c *cloudFrontClient) GetDistributionConfig(context.Context, *cloudfront.GetDistributionConfigInput,
	...func(*cloudfront.Options),
) (*cloudfront.GetDistributionConfigOutput, error) {
	return &cloudfront.GetDistributionConfigOutput{DistributionConfig: c.config, ETag: aws.String(c.etag)}, nil
}

func (c *cloudFrontClient) UpdateDistribution(_ context.Context, in *cloudfront.UpdateDistributionInput,
	_ ...func(*cloudfront.Options),
) (*cloudfront.UpdateDistributionOutput, error) {
	c.updates = append(c.updates, in)
	if c.conflicts > 0 {
		c.conflicts--
		return nil, &cloudfronttypes.PreconditionFailed{Message: aws.String("ETag mismatch")}
	}
	c.config = in.DistributionConfig
	return &cloudfront.UpdateDistributionOutput{}, nil
}

func header(name, value string) cloudfronttypes.OriginCustomHeader {
	return cloudfronttypes.OriginCustomHeader{HeaderName: aws.String(name), HeaderValue: aws.String(value)}
}

func testDistributionConfig() *cloudfronttypes.DistributionConfig {
	return &cloudfronttypes.DistributionConfig{Origins: &cloudfronttypes.Origins{
		Quantity: aws.Int32(2),
		Items: []cloudfronttypes.Origin{
			{Id: aws.String("files"), DomainName: aws.String("files.s3.eu-west-1.amazonaws.com")},
			{
				Id:         aws.String("api"),
				DomainName: aws.String("abc123.execute-api.eu-west-1.amazonaws.com"),
				CustomHeaders: &cloudfronttypes.CustomHeaders{
					Quantity: aws.Int32(2),
					Items:    []cloudfronttypes.OriginCustomHeader{header("x-other", "kept"), header("X-Origin-Verify", "old")},
				},
			},
		},
	}}
}

func newTestDistribution(client *cloudFrontClient) CloudFrontDistribution {
	return CloudFrontDistribution{Client: client, DistributionID: "E2EXAMPLE", OriginID: "api", HeaderName: "x-origin-verify"}
}

func TestCloudFrontOriginHeader(t *testing.T) {
	client := &cloudFrontClient{config: testDistributionConfig(), status: "InProgress"}

	value, deployed, err := newTestDistribution(client).OriginHeader(context.Background())

	require.NoError(t, err)
	assert.Equal(t, "old", value)
	assert.False(t, deployed)

	client.status = "Deployed"
	_, deployed, err = newTestDistribution(client).OriginHeader(context.Background())
	require.NoError(t, err)
	assert.True(t, deployed)
}

func TestCloudFrontSetOriginHeaderKeepsOtherSettings(t *testing.T) {
	client := &cloudFrontClient{config: testDistributionConfig(), etag: "E1"}

	err := newTestDistribution(client).SetOriginHeader(context.Background(), "new")

	require.NoError(t, err)
	require.Len(t, client.updates, 1)
	update := client.updates[0]
	assert.Equal(t, "E2EXAMPLE", aws.ToString(update.Id))
	assert.Equal(t, "E1", aws.ToString(update.IfMatch))
	origins := update.DistributionConfig.Origins.Items
	require.Len(t, origins, 2)
	assert.Nil(t, origins[0].CustomHeaders, "the other origin is unchanged")
	headers := origins[1].CustomHeaders
	assert.Equal(t, int32(2), aws.ToInt32(headers.Quantity))
	assert.Equal(t, []cloudfronttypes.OriginCustomHeader{header("x-other", "kept"), header("x-origin-verify", "new")},
		headers.Items)
}

func TestCloudFrontSetOriginHeaderRetriesConflicts(t *testing.T) {
	client := &cloudFrontClient{config: testDistributionConfig(), etag: "E1", conflicts: conflictAttempts - 1}

	require.NoError(t, newTestDistribution(client).SetOriginHeader(context.Background(), "new"))
	assert.Len(t, client.updates, conflictAttempts)

	client.conflicts = conflictAttempts
	err := newTestDistribution(client).SetOriginHeader(context.Background(), "newer")
	var conflict *cloudfronttypes.PreconditionFailed
	assert.ErrorAs(t, err, &conflict)
	assert.Contains(t, err.Error(), "changed during each of 3 attempts")
}

func TestCloudFrontMissingOrigin(t *testing.T) {
	client := &cloudFrontClient{config: testDistributionConfig()}
	distribution := newTestDistribution(client)
	distribution.OriginID = "absent"

	_, _, err := distribution.OriginHeader(context.Background())

	require.Error(t, err)
	assert.Contains(t, err.Error(), `has no origin "absent"`)
}

// wafClient serves one regex pattern set and records the updates.
type wafClient struct {
	regexes   []string
	lockToken string
	updates   []*wafv2.UpdateRegexPatternSetInput
	conflicts int
}

func (c *wafClient) GetRegexPatternSet(context.Context, *wafv2.GetRegexPatternSetInput, ...func(*wafv2.Options),
) (*wafv2.GetRegexPatternSetOutput, error) {
	list := make([]waftypes.Regex, len(c.regexes))
	for i, regex := range c.regexes {
		list[i] = waftypes.Regex{RegexString: aws.String(regex)}
	}
	return &wafv2.GetRegexPatternSetOutput{
		LockToken:       aws.String(c.lockToken),
		RegexPatternSet: &waftypes.RegexPatternSet{Description: aws.String("origin values"), RegularExpressionList: list},
	}, nil
}

func (c *wafClient) UpdateRegexPatternSet(_ context.Context, in *wafv2.UpdateRegexPatternSetInput,
	_ ...func(*wafv2.Options),
) (*wafv2.UpdateRegexPatternSetOutput, error) {
	c.updates = append(c.updates, in)
	if c.conflicts > 0 {
		c.conflicts--
		return nil, &waftypes.WAFOptimisticLockException{Message: aws.String("stale lock token")}
	}
	c.regexes = nil
	for _, regex := range in.RegularExpressionList {
		c.regexes = append(c.regexes, aws.ToString(regex.RegexString))
	}
	return &wafv2.UpdateRegexPatternSetOutput{}, nil
}

func TestWAFPatternSetSetRegexes(t *testing.T) {
	client := &wafClient{regexes: []string{"^old$"}, lockToken: "lock-1", conflicts: 1}
	set := WAFPatternSet{Client: client, Name: "app-origin-verify", ID: "a1b2", Scope: waftypes.ScopeRegional}

	require.NoError(t, set.SetRegexes(context.Background(), []string{"^old$", "^new$"}))

	regexes, err := set.Regexes(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"^old$", "^new$"}, regexes)
	require.Len(t, client.updates, 2, "one update lost the race and was tried again")
	last := client.updates[1]
	assert.Equal(t, "lock-1", aws.ToString(last.LockToken))
	assert.Equal(t, "app-origin-verify", aws.ToString(last.Name))
	assert.Equal(t, "a1b2", aws.ToString(last.Id))
	assert.Equal(t, waftypes.ScopeRegional, last.Scope)
	assert.Equal(t, "origin values", aws.ToString(last.Description))
}

// secretsClient serves GetSecretValue from a map keyed by version id and records stage updates.
type secretsClient struct {
	values       map[string]string
	stageUpdates []*secretsmanager.UpdateSecretVersionStageInput
	puts         []*secretsmanager.PutSecretValueInput
}

func (c *secretsClient) DescribeSecret(context.Context, *secretsmanager.DescribeSecretInput,
	...func(*secretsmanager.Options),
) (*secretsmanager.DescribeSecretOutput, error) {
	return &secretsmanager.DescribeSecretOutput{
		RotationEnabled:    aws.Bool(true),
		VersionIdsToStages: map[string][]string{"v1": {StageCurrent}},
	}, nil
}

func (c *secretsClient) GetSecretValue(_ context.Context, in *secretsmanager.GetSecretValueInput,
	_ ...func(*secretsmanager.Options),
) (*secretsmanager.GetSecretValueOutput, error) {
	value, ok := c.values[aws.ToString(in.VersionId)]
	if !ok {
		return nil, &secretsmanagertypes.ResourceNotFoundException{Message: aws.String("no such version")}
	}
	return &secretsmanager.GetSecretValueOutput{SecretString: aws.String(value)}, nil
}

func (c *secretsClient) PutSecretValue(_ context.Context, in *secretsmanager.PutSecretValueInput,
	_ ...func(*secretsmanager.Options),
) (*secretsmanager.PutSecretValueOutput, error) {
	c.puts = append(c.puts, in)
	return &secretsmanager.PutSecretValueOutput{}, nil
}

func (c *secretsClient) UpdateSecretVersionStage(_ context.Context, in *secretsmanager.UpdateSecretVersionStageInput,
	_ ...func(*secretsmanager.Options),
) (*secretsmanager.UpdateSecretVersionStageOutput, error) {
	c.stageUpdates = append(c.stageUpdates, in)
	return &secretsmanager.UpdateSecretVersionStageOutput{}, nil
}

func TestSecretsManagerStore(t *testing.T) {
	client := &secretsClient{values: map[string]string{"v1": "current"}}
	store := SecretsManagerStore{Client: client}
	ctx := context.Background()

	description, err := store.Describe(ctx, "secret")
	require.NoError(t, err)
	assert.True(t, description.RotationEnabled)
	assert.Equal(t, map[string][]string{"v1": {StageCurrent}}, description.VersionStages)

	value, err := store.Value(ctx, "secret", "v1", StageCurrent)
	require.NoError(t, err)
	assert.Equal(t, "current", value)

	_, err = store.Value(ctx, "secret", "v2", StagePending)
	assert.True(t, errors.Is(err, ErrNotFound), "a missing version is ErrNotFound: %v", err)

	require.NoError(t, store.PutPending(ctx, "secret", "v2", "pending"))
	require.Len(t, client.puts, 1)
	assert.Equal(t, "v2", aws.ToString(client.puts[0].ClientRequestToken))
	assert.Equal(t, []string{StagePending}, client.puts[0].VersionStages)

	require.NoError(t, store.MoveCurrent(ctx, "secret", "v2", ""))
	require.NoError(t, store.MoveCurrent(ctx, "secret", "v3", "v2"))
	require.Len(t, client.stageUpdates, 2)
	assert.Nil(t, client.stageUpdates[0].RemoveFromVersionId, "no version had the label before the first rotation")
	assert.Equal(t, "v2", aws.ToString(client.stageUpdates[1].RemoveFromVersionId))
	assert.Equal(t, StageCurrent, aws.ToString(client.stageUpdates[1].VersionStage))
}
