package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

func TestSecretsManagerSecretRotation(t *testing.T) {
	secret := stackResource(typeSecretsManagerSecret, "origin-secret", propsOf(map[string]property.Value{
		"name": property.New("edge-origin"),
		"arn":  property.New("arn:aws:secretsmanager:eu-west-1:111122223333:secret:edge-origin-AbCdEf"),
	}))
	rotation := func(secretID property.Value, rules map[string]property.Value) pack.Resource {
		return stackResource(typeSecretsManagerSecretRotation, "origin-secret-schedule", propsOf(map[string]property.Value{
			"secretId": secretID, "rotationRules": objectValue(rules),
		}))
	}
	every := func(days float64) map[string]property.Value {
		return map[string]property.Value{"automaticallyAfterDays": property.New(days)}
	}
	topic := stackResource(typeSNSTopic, "alerts", property.Map{})

	runStackCases(t, newSecretsManagerSecretRotation(), []stackCase{
		{name: "rotation built from the secret", kind: caseCompliant,
			resources: []pack.Resource{secret, dependingOn(rotation(unknownValue(), every(30)), "secretId", secret)}},
		{name: "rotation naming the secret", kind: caseCompliant,
			resources: []pack.Resource{secret, rotation(property.New("edge-origin"), map[string]property.Value{
				"scheduleExpression": property.New("rate(12 hours)"),
			})}},
		{name: "no rotation", kind: caseViolation, resources: []pack.Resource{secret, topic},
			want: []string{"origin-secret: no aws:secretsmanager/secretRotation:SecretRotation has secretId set to this " +
				"secret, expected one that rotates it at least every 90 days."}},
		{name: "rotation too slow", kind: caseViolation,
			resources: []pack.Resource{secret, dependingOn(rotation(unknownValue(), every(180)), "secretId", secret)},
			want:      []string{"origin-secret-schedule: rotationRules.automaticallyAfterDays is 180, expected at most 90."}},
		{name: "rate too slow for config", kind: caseViolation, config: map[string]any{ConfigMaxRotationDays: 30.0},
			resources: []pack.Resource{secret, rotation(property.New("edge-origin"), map[string]property.Value{
				"scheduleExpression": property.New("rate(60 days)"),
			})},
			want: []string{`origin-secret-schedule: rotationRules.scheduleExpression is "rate(60 days)", expected a ` +
				`rotation at least every 30 days.`}},
		{name: "no secret", kind: caseOtherType, resources: []pack.Resource{topic}},
		{name: "unknown secret id", kind: caseUnknown,
			resources:   []pack.Resource{secret, rotation(unknownValue(), every(30))},
			wantUnknown: []string{"origin-secret-schedule: secretId"}},
	})
}
