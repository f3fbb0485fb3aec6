package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestLambdaStructuredLogging(t *testing.T) {
	function := func(loggingConfig property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"runtime":       property.New("provided.al2023"),
			"loggingConfig": loggingConfig,
		})
	}
	logFormat := func(format property.Value) property.Value {
		return objectValue(map[string]property.Value{
			"logFormat":           format,
			"applicationLogLevel": property.New("INFO"),
		})
	}

	runPolicyCases(t, newLambdaStructuredLogging(), []policyCase{
		{
			name:         "json",
			kind:         caseCompliant,
			resourceType: typeLambdaFunction,
			props:        function(logFormat(property.New("JSON"))),
		},
		{
			name:         "text",
			kind:         caseViolation,
			resourceType: typeLambdaFunction,
			props:        function(logFormat(property.New("Text"))),
			want:         []string{`loggingConfig.logFormat is "Text", expected "JSON".`},
		},
		{
			name:         "logging config missing",
			kind:         caseViolation,
			resourceType: typeLambdaFunction,
			props:        function(property.Value{}),
			want:         []string{`loggingConfig.logFormat is not set, expected "JSON".`},
		},
		{
			name:         "log group",
			kind:         caseOtherType,
			resourceType: typeCloudWatchLogGroup,
			props:        function(logFormat(property.New("Text"))),
		},
		{
			name:         "unknown format",
			kind:         caseUnknown,
			resourceType: typeLambdaFunction,
			props:        function(logFormat(unknownValue())),
			wantUnknown:  []string{"loggingConfig.logFormat"},
		},
		{
			name:         "unknown logging config",
			kind:         caseUnknown,
			resourceType: typeLambdaFunction,
			props:        function(unknownValue()),
			wantUnknown:  []string{"loggingConfig.logFormat"},
		},
	})
}
