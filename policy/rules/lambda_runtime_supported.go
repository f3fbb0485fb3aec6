package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyLambdaRuntimeSupported is the name of the policy that rejects deprecated Lambda runtimes.
const PolicyLambdaRuntimeSupported = "lambda-runtime-supported"

// deprecatedLambdaRuntimes maps each deprecated runtime identifier to the date on which AWS Lambda
// deprecated it. After that date AWS applies no security patches to the runtime, and soon after it
// blocks creating and then updating functions that use it.
//
// Source: the deprecated and supported runtime tables of the AWS Lambda Developer Guide,
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html, reviewed in December 2026.
// A runtime joins this table once its deprecation date has passed, never ahead of it, so the policy
// does not start to fail on a date that AWS may still move.
//
// NOTE: The 2026 dates are the dates that AWS projected in 2025. AWS has moved projected dates before
// (python3.9 moved from 2025-10-31 to 2025-12-15), so check them against the source when the table is
// next reviewed.
var deprecatedLambdaRuntimes = map[string]string{
	// Node.js
	"nodejs":         "2016-10-31",
	"nodejs4.3":      "2020-03-06",
	"nodejs4.3-edge": "2019-04-30",
	"nodejs6.10":     "2019-08-12",
	"nodejs8.10":     "2020-03-06",
	"nodejs10.x":     "2021-07-30",
	"nodejs12.x":     "2023-03-31",
	"nodejs14.x":     "2023-12-04",
	"nodejs16.x":     "2024-06-12",
	"nodejs18.x":     "2025-09-01",
	"nodejs20.x":     "2026-04-30",

	// Python
	"python2.7":  "2021-07-15",
	"python3.6":  "2022-07-18",
	"python3.7":  "2023-12-04",
	"python3.8":  "2024-10-14",
	"python3.9":  "2025-12-15",
	"python3.10": "2026-06-30",
	"python3.11": "2026-06-30",

	// Ruby
	"ruby2.5": "2021-07-30",
	"ruby2.7": "2023-12-07",
	"ruby3.2": "2026-03-31",

	// Java: java8 ran on Amazon Linux 1, and java8.al2, java11 and java17 run on Amazon Linux 2.
	"java8":     "2024-01-08",
	"java8.al2": "2026-06-30",
	"java11":    "2026-06-30",
	"java17":    "2026-06-30",

	// .NET
	"dotnetcore1.0": "2019-07-30",
	"dotnetcore2.0": "2019-05-30",
	"dotnetcore2.1": "2022-01-05",
	"dotnetcore3.1": "2023-04-03",
	"dotnet5.0":     "2022-05-10",
	"dotnet6":       "2024-12-20",
	"dotnet7":       "2024-05-14",
	"dotnet8":       "2026-11-10",

	// Go and OS-only runtimes: go1.x and provided ran on Amazon Linux 1, provided.al2 runs on Amazon
	// Linux 2. Go functions move to provided.al2023.
	"go1.x":        "2024-01-08",
	"provided":     "2024-01-08",
	"provided.al2": "2026-06-30",
}

// newLambdaRuntimeSupported returns the policy that guards Lambda functions against deprecated
// runtimes. Functions packaged as container images have no runtime argument and are skipped.
func newLambdaRuntimeSupported() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyLambdaRuntimeSupported,
		Description: "Lambda functions must use a runtime that AWS Lambda has not deprecated.",
		Rationale: "A deprecated runtime gets no security patches, and AWS later blocks updates of functions that " +
			"use it, so a security fix could no longer be deployed.",
		RemediationSteps: "Move the function to a supported runtime, such as provided.al2023 for Go, nodejs22.x " +
			"or python3.13, and deploy it again.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityHigh,
		Tags:             []string{"aws", "lambda", "patching"},
		Waivable:         true,
		ResourceTypes:    []string{typeLambdaFunction},
		ValidateResource: validateLambdaRuntimeSupported,
	}
}

func validateLambdaRuntimeSupported(_ context.Context, check *pack.ResourceCheck) error {
	runtime := check.Resource.Properties.Get("runtime")
	if !check.Known("runtime", runtime) {
		return nil
	}

	name, ok := stringValue(runtime)
	if !ok {
		return nil
	}
	if deprecated, found := deprecatedLambdaRuntimes[name]; found {
		check.Report("runtime is %s, which AWS Lambda deprecated on %s, expected a supported runtime.",
			describeValue(runtime), deprecated)
	}
	return nil
}
