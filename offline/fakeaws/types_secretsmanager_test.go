package fakeaws

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	typeSecret         = "aws:secretsmanager/secret:Secret"
	typeSecretRotation = "aws:secretsmanager/secretRotation:SecretRotation"
)

func TestSecretsManagerSecretOutputs(t *testing.T) {
	model := Model{Region: "eu-west-1"}
	checked := model.Check(typeSecret, testURN(typeSecret, "edge-origin-secret"), nil, resource.PropertyMap{})

	id, outputs, err := model.Create(typeSecret, "edge-origin-secret", checked, false)

	require.NoError(t, err)
	name := checked["name"].StringValue()
	assert.Regexp(t, `^edge-origin-secret-[0-9a-f]{7}$`, name)
	assert.Regexp(t, `^arn:aws:secretsmanager:eu-west-1:123456789012:secret:`+name+`-[A-Za-z0-9]{6}$`, id)
	assert.Equal(t, id, outputs["arn"].StringValue())
	assert.Equal(t, name, outputs["name"].StringValue())
	assert.Equal(t, float64(30), outputs["recoveryWindowInDays"].NumberValue(), "schema default")
}

func TestSecretsManagerRotationOutputs(t *testing.T) {
	secretARN := "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-origin-verify-a1B2c3"
	inputs := resource.NewPropertyMapFromMap(map[string]any{
		"secretId": secretARN, "rotationRules": map[string]any{"automaticallyAfterDays": 30},
	})

	id, outputs, err := Model{}.Create(typeSecretRotation, "rotation", inputs, false)

	require.NoError(t, err)
	assert.Equal(t, secretARN, id)
	assert.True(t, outputs["rotationEnabled"].BoolValue())
	assert.True(t, outputs["rotateImmediately"].BoolValue(), "schema default")
	assert.Equal(t, []string{"rotationRules", "secretId"}, Model{}.MissingInputs(typeSecretRotation, resource.PropertyMap{}))
}
