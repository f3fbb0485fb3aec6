package rules

import (
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
)

func TestLambdaRuntimeSupported(t *testing.T) {
	function := func(runtime property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"runtime": runtime,
			"handler": property.New("bootstrap"),
			"role":    property.New("arn:aws:iam::111122223333:role/upload"),
		})
	}

	runPolicyCases(t, newLambdaRuntimeSupported(), []policyCase{
		{
			name:         "provided.al2023",
			kind:         caseCompliant,
			resourceType: typeLambdaFunction,
			props:        function(property.New("provided.al2023")),
		},
		{
			name:         "container image without runtime",
			kind:         caseCompliant,
			resourceType: typeLambdaFunction,
			props: propsOf(map[string]property.Value{
				"packageType": property.New("Image"),
				"imageUri":    property.New("111122223333.dkr.ecr.eu-central-1.amazonaws.com/upload:1"),
			}),
		},
		{
			name:         "go1.x",
			kind:         caseViolation,
			resourceType: typeLambdaFunction,
			props:        function(property.New("go1.x")),
			want:         []string{`runtime is "go1.x", which AWS Lambda deprecated on 2024-01-08, expected a supported runtime.`},
		},
		{
			name:         "nodejs16.x",
			kind:         caseViolation,
			resourceType: typeLambdaFunction,
			props:        function(property.New("nodejs16.x")),
			want:         []string{`runtime is "nodejs16.x", which AWS Lambda deprecated on 2024-06-12, expected a supported runtime.`},
		},
		{
			name:         "python3.8",
			kind:         caseViolation,
			resourceType: typeLambdaFunction,
			props:        function(property.New("python3.8")),
			want:         []string{`runtime is "python3.8", which AWS Lambda deprecated on 2024-10-14, expected a supported runtime.`},
		},
		{
			name:         "layer version",
			kind:         caseOtherType,
			resourceType: "aws:lambda/layerVersion:LayerVersion",
			props:        function(property.New("go1.x")),
		},
		{
			name:         "unknown runtime",
			kind:         caseUnknown,
			resourceType: typeLambdaFunction,
			props:        function(unknownValue()),
			wantUnknown:  []string{"runtime"},
		},
	})
}

func TestDeprecatedLambdaRuntimesTable(t *testing.T) {
	// The table lists only runtimes whose deprecation date has passed, so every date must be a valid
	// date before the table's last review.
	reviewed := time.Date(2026, time.December, 31, 0, 0, 0, 0, time.UTC)
	for runtime, date := range deprecatedLambdaRuntimes {
		t.Run(runtime, func(t *testing.T) {
			deprecated, err := time.Parse(time.DateOnly, date)
			if assert.NoError(t, err) {
				assert.True(t, deprecated.Before(reviewed), "deprecation date %s is after the review", date)
			}
		})
	}

	for _, supported := range []string{"provided.al2023", "nodejs22.x", "python3.13", "java21"} {
		assert.NotContains(t, deprecatedLambdaRuntimes, supported)
	}
}
