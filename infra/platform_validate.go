package infra

import (
	"maps"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// platformPlaceholder replaces the outputs of the platform's own resources in the arguments that the
// components' validators check. The validators check only that such values are present.
const platformPlaceholder = "placeholder"

// rotationFunctionSuffix ends the name of the edge's rotation function, both its physical name and its
// resource name.
const rotationFunctionSuffix = "-origin-secret-rotation"

// Validate checks the arguments and reports every error at once. It checks the platform's own fields,
// runs the validator of each component the platform creates on the arguments the platform would pass,
// NamePrefix included, and opens every prebuilt archive the functions use. NewPlatform and
// BuildPlatform call it first. Call it before registering the host of BuildPlatform, so invalid
// arguments leave no resource behind.
func (args PlatformArgs) Validate(name string) error {
	return args.validate(name)
}

// platformFunctionName returns the physical name of the platform's function short.
func platformFunctionName(namePrefix, short string) string {
	return namePrefix + "-" + short
}

// componentErrors runs the validators of the components that build creates, in the same order, on
// the arguments build passes them. Outputs of other resources are replaced by placeholders. Each
// function's prebuilt archive is opened and checked against the function's architecture.
// NOTE: functions built from SourceDir compile later, in NewGoFunction, so a compile error still fails
// after the platform has registered its earlier resources.
func (args PlatformArgs) componentErrors(name string) []error {
	var errs []error
	check := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	placeholder := pulumi.String(platformPlaceholder).ToStringOutput()
	placeholders := pulumi.StringArray{placeholder}

	networkArgs := args.Network
	networkArgs.NamePrefix = args.NamePrefix
	_, err := networkArgs.withDefaults(name + "-network")
	check(err)

	authArgs := args.Auth
	authArgs.NamePrefix = args.NamePrefix
	_, err = authArgs.withDefaults(name + "-auth")
	check(err)

	userFilesArgs := args.UserFiles
	userFilesArgs.Access = UserFilesAccess{
		Uploaders: placeholders.ToStringArrayOutput(), Readers: placeholders.ToStringArrayOutput(),
		Processors: placeholders.ToStringArrayOutput(),
	}
	_, err = userFilesArgs.withDefaults(name + "-user-files")
	check(err)

	shared := args.Functions
	shared.LogsKeyArn = placeholder
	shared.Vpc = &FunctionVpcConfig{SubnetIds: placeholders, SecurityGroupIds: placeholders}
	functions := map[string]*GoFunction{}
	for _, short := range PlatformFunctionNames {
		if short == edgeFunctionName {
			continue
		}
		functionArgs := shared
		functionArgs.FunctionName = platformFunctionName(args.NamePrefix, short)
		check(args.codeForCheck(functionArgs, short).check(name + "-" + short))
		functions[short] = &GoFunction{
			FunctionName: placeholder, FunctionArn: placeholder, InvokeArn: placeholder,
			RoleArn: placeholder, LogGroupName: placeholder,
		}
	}

	errs = append(errs, args.apiErrors(name, functions, shared)...)

	if args.AuditEnabled {
		auditArgs := args.Audit
		auditArgs.NamePrefix = args.NamePrefix
		auditArgs.DataEventBucketArns = placeholders
		_, err = auditArgs.withDefaults(name + "-audit")
		check(err)
	}

	monitoringArgs := args.Monitoring
	monitoringArgs.NamePrefix = args.NamePrefix
	monitoringArgs.ApiName = placeholder
	monitoringArgs.StageName = placeholder
	monitoringArgs.WebAclName = placeholder
	monitoringArgs.UserPoolId = placeholder
	monitoringArgs.UserPoolClientId = placeholder
	monitoringArgs.Functions = nil
	for _, id := range slices.Sorted(maps.Keys(functions)) {
		monitoringArgs.Functions = append(monitoringArgs.Functions, MonitoredFunction{
			ID: id, Name: placeholder, TimeoutSeconds: args.Functions.TimeoutSeconds, LogGroupName: placeholder,
		})
	}
	monitoringArgs.DeadLetterQueues = []MonitoredQueue{{ID: "validate-failures", Name: placeholder}}
	monitoringArgs.ValidateLogGroupName = placeholder
	if args.AuditEnabled {
		monitoringArgs.TrailLogGroupName = placeholder
	}
	_, err = monitoringArgs.withDefaults(name + "-monitoring")
	check(err)

	if args.BackupEnabled {
		backupArgs := args.Backup
		backupArgs.NamePrefix = args.NamePrefix
		backupArgs.BucketArn = placeholder
		_, err = backupArgs.withDefaults(name + "-backup")
		check(err)
	}
	return errs
}

// apiErrors runs the validators of the REST API, the edge with its rotation function when the edge
// is on, and the web ACL, on the arguments newPlatformAPI passes them.
func (args PlatformArgs) apiErrors(name string, functions map[string]*GoFunction, shared GoFunctionArgs,
) []error {
	var errs []error
	check := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	placeholder := pulumi.String(platformPlaceholder).ToStringOutput()

	routes, err := apiRoutes(functions)
	check(err)
	if args.APIKeyRequired {
		for i := range routes {
			routes[i].APIKeyRequired = true
		}
	}
	apiArgs := args.API
	apiArgs.NamePrefix = args.NamePrefix
	apiArgs.UserPoolArn = placeholder
	apiArgs.Routes = routes
	apiArgs.LogsKeyArn = placeholder
	_, err = apiArgs.withDefaults(name + "-api")
	check(err)

	if args.Edge.Enabled {
		edgeArgs := args.Edge
		edgeArgs.NamePrefix = args.NamePrefix
		edgeArgs.APIDomain = placeholder
		edgeArgs.APIStageName = apiArgs.StageName
		if edgeArgs.APIStageName == "" {
			edgeArgs.APIStageName = DefaultAPIStageName
		}
		edgeArgs.LogBucketArn = placeholder
		edgeArgs.RotationFunction = args.codeForCheck(shared, edgeFunctionName)
		_, err = edgeArgs.withDefaults(name + "-edge")
		check(err)

		// The edge runs its rotation function outside the VPC, under the name it derives from NamePrefix.
		rotationArgs := edgeArgs.RotationFunction
		rotationArgs.FunctionName = args.NamePrefix + rotationFunctionSuffix
		rotationArgs.Vpc = nil
		if rotationArgs.Archive == "" {
			rotationArgs.Package = originSecretPackage
		}
		check(rotationArgs.check(name + "-edge" + rotationFunctionSuffix))
	}

	firewallArgs := args.Firewall
	firewallArgs.NamePrefix = args.NamePrefix
	firewallArgs.StageArn = placeholder
	firewallArgs.LogsKeyArn = placeholder
	if origins := apiArgs.Cors.AllowedOrigins; len(origins) > 0 {
		firewallArgs.CORSAllowOrigin = origins[0]
	}
	_, err = firewallArgs.withDefaults(name + "-api-firewall")
	check(err)
	return errs
}

// codeForCheck returns functionArgs with the code of the function short as withCode sets it. A missing
// SourceDir is replaced by a placeholder, because validate reports the missing archives once itself.
func (args PlatformArgs) codeForCheck(functionArgs GoFunctionArgs, short string) GoFunctionArgs {
	functionArgs = args.withCode(functionArgs, short)
	if functionArgs.Archive == "" && functionArgs.SourceDir == "" {
		functionArgs.SourceDir = platformPlaceholder
	}
	return functionArgs
}
