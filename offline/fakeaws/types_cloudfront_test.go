package fakeaws

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	typeDistribution           = "aws:cloudfront/distribution:Distribution"
	typePublicKey              = "aws:cloudfront/publicKey:PublicKey"
	typeLogDeliverySource      = "aws:cloudwatch/logDeliverySource:LogDeliverySource"
	typeLogDeliveryDestination = "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination"
	typeLogDelivery            = "aws:cloudwatch/logDelivery:LogDelivery"
)

// distributionInputs returns the required inputs of a distribution whose default behavior trusts the
// key groups.
func distributionInputs(keyGroups ...string) resource.PropertyMap {
	groups := make([]any, len(keyGroups))
	for i, group := range keyGroups {
		groups[i] = group
	}
	return resource.NewPropertyMapFromMap(map[string]any{
		"enabled": true,
		"origins": []any{map[string]any{"originId": "api", "domainName": "abc123.execute-api.eu-west-1.amazonaws.com"}},
		"defaultCacheBehavior": map[string]any{
			"targetOriginId": "api", "viewerProtocolPolicy": "https-only", "trustedKeyGroups": groups,
		},
		"restrictions":      map[string]any{"geoRestriction": map[string]any{"restrictionType": "none"}},
		"viewerCertificate": map[string]any{"cloudfrontDefaultCertificate": true},
	})
}

func TestCloudFrontDistributionOutputs(t *testing.T) {
	model := Model{Region: "eu-west-1"}

	id, outputs, err := model.Create(typeDistribution, "edge-api", distributionInputs("kg-1"), false)

	require.NoError(t, err)
	assert.Regexp(t, `^E[A-Z2-7]{13}$`, id)
	assert.Equal(t, "arn:aws:cloudfront::123456789012:distribution/"+id, outputs["arn"].StringValue(),
		"a distribution's ARN has no region")
	assert.Regexp(t, `^d[a-z2-7]{13}\.cloudfront\.net$`, outputs["domainName"].StringValue())
	assert.Equal(t, cloudFrontHostedZoneID, outputs["hostedZoneId"].StringValue())
	assert.Equal(t, "Deployed", outputs["status"].StringValue())
	assert.Equal(t, "PriceClass_All", outputs["priceClass"].StringValue(), "schema default")
	assert.True(t, outputs["waitForDeployment"].BoolValue(), "schema default")

	trusted := outputs["trustedKeyGroups"].ArrayValue()
	require.Len(t, trusted, 1)
	assert.True(t, trusted[0].ObjectValue()["enabled"].BoolValue())
	items := trusted[0].ObjectValue()["items"].ArrayValue()
	require.Len(t, items, 1)
	assert.Equal(t, "kg-1", items[0].ObjectValue()["keyGroupId"].StringValue())
}

func TestCloudFrontDistributionRequiredInputs(t *testing.T) {
	missing := Model{}.MissingInputs(typeDistribution, resource.PropertyMap{"enabled": resource.NewBoolProperty(true)})

	assert.Equal(t, []string{"defaultCacheBehavior", "origins", "restrictions", "viewerCertificate"}, missing)
}

func TestCloudFrontDistributionPreviewHasUnknownDomain(t *testing.T) {
	_, outputs, err := Model{}.Create(typeDistribution, "edge-api", distributionInputs(), true)

	require.NoError(t, err)
	assert.True(t, outputs["domainName"].IsComputed())
	assert.True(t, outputs["arn"].IsComputed())
}

func TestCloudFrontPublicKeyID(t *testing.T) {
	inputs := resource.NewPropertyMapFromMap(map[string]any{"name": "signer", "encodedKey": "-----BEGIN PUBLIC KEY-----"})

	id, outputs, err := Model{}.Create(typePublicKey, "signer", inputs, false)

	require.NoError(t, err)
	assert.Regexp(t, `^K[A-Z2-7]{13}$`, id)
	assert.Regexp(t, `^E[A-Z2-7]{13}$`, outputs["etag"].StringValue())
	assert.Equal(t, []string{"encodedKey", "name", "namePrefix"}, ReplaceOnChange(typePublicKey))
}

func TestLogDeliveryOutputs(t *testing.T) {
	model := Model{Region: "us-east-1"}
	source := resource.NewPropertyMapFromMap(map[string]any{
		"name": "app-edge-access", "logType": "ACCESS_LOGS",
		"resourceArn": "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL",
	})
	destination := resource.NewPropertyMapFromMap(map[string]any{
		"name": "app-edge-logs",
		"deliveryDestinationConfiguration": map[string]any{
			"destinationResourceArn": "arn:aws:s3:::app-logs/cloudfront",
		},
	})

	sourceID, sourceOutputs, err := model.Create(typeLogDeliverySource, "source", source, false)
	require.NoError(t, err)
	destinationID, destinationOutputs, err := model.Create(typeLogDeliveryDestination, "destination", destination, false)
	require.NoError(t, err)
	delivery := resource.NewPropertyMapFromMap(map[string]any{
		"deliverySourceName": sourceID, "deliveryDestinationArn": destinationOutputs["arn"].StringValue(),
	})
	deliveryID, deliveryOutputs, err := model.Create(typeLogDelivery, "delivery", delivery, false)
	require.NoError(t, err)

	assert.Equal(t, "app-edge-access", sourceID)
	assert.Equal(t, "arn:aws:logs:us-east-1:123456789012:delivery-source:app-edge-access", sourceOutputs["arn"].StringValue())
	assert.Equal(t, "cloudfront", sourceOutputs["service"].StringValue())
	assert.Equal(t, "app-edge-logs", destinationID)
	assert.Equal(t, "S3", destinationOutputs["deliveryDestinationType"].StringValue())
	assert.Regexp(t, `^[A-Za-z0-9]{16}$`, deliveryID)
	assert.Equal(t, "arn:aws:logs:us-east-1:123456789012:delivery:"+deliveryID, deliveryOutputs["arn"].StringValue())
}
