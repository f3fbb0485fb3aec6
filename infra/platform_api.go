package infra

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// platformAPIInputs are the values the platform's REST API, edge and web ACL are built from.
type platformAPIInputs struct {
	name      string
	args      PlatformArgs
	account   awsAccount
	functions map[string]*GoFunction
	shared    GoFunctionArgs
	auth      *Auth
	logBucket pulumi.StringInput
	logsKey   pulumi.StringInput
	parent    pulumi.ResourceOption
}

// platformAPI is the way into the platform: the REST API, the web ACL in front of its stage and, when
// the configuration turns it on, the CloudFront edge in front of both.
type platformAPI struct {
	api      *RestAPI
	firewall *APIFirewall
	// edge is nil when the edge is off.
	edge *Edge
}

// newPlatformAPI creates the REST API with the platform's routes behind the Cognito authorizer, the
// edge when it is on, and the web ACL, which admits only requests through the edge when it is on.
func newPlatformAPI(ctx *pulumi.Context, in platformAPIInputs) (*platformAPI, error) {
	routes, err := apiRoutes(in.functions)
	if err != nil {
		return nil, err
	}
	if in.args.APIKeyRequired {
		for i := range routes {
			routes[i].APIKeyRequired = true
		}
	}

	apiArgs := in.args.API
	apiArgs.NamePrefix = in.args.NamePrefix
	apiArgs.UserPoolArn = in.auth.UserPoolArn
	apiArgs.Routes = routes
	apiArgs.LogsKeyArn = in.logsKey
	api, err := NewRestAPI(ctx, in.name+"-api", apiArgs, in.parent)
	if err != nil {
		return nil, err
	}
	result := &platformAPI{api: api}

	firewallArgs := in.args.Firewall
	if in.args.Edge.Enabled {
		edgeArgs := in.args.Edge
		edgeArgs.NamePrefix = in.args.NamePrefix
		edgeArgs.APIDomain = pulumi.Sprintf("%s.execute-api.%s.%s", api.RestApiId, in.account.Region,
			in.account.DNSSuffix)
		edgeArgs.APIStageName = apiArgs.StageName
		if edgeArgs.APIStageName == "" {
			edgeArgs.APIStageName = DefaultAPIStageName
		}
		edgeArgs.LogBucketArn = in.logBucket
		edgeArgs.RotationFunction = in.args.withCode(in.shared, edgeFunctionName)
		edgeArgs.RotationFunction.LogsKeyArn = in.logsKey
		edge, err := NewEdge(ctx, in.name+"-edge", edgeArgs, in.parent)
		if err != nil {
			return nil, err
		}
		result.edge = edge
		firewallArgs.OriginVerify = edge.OriginVerify()
	}

	firewallArgs.NamePrefix = in.args.NamePrefix
	// The stage's ARN output, not an ARN built from the API id, makes the association wait for the stage.
	firewallArgs.StageArn = api.StageArn
	firewallArgs.LogsKeyArn = in.logsKey
	if origins := apiArgs.Cors.AllowedOrigins; len(origins) > 0 {
		firewallArgs.CORSAllowOrigin = origins[0]
	}
	firewall, err := NewAPIFirewall(ctx, in.name+"-api-firewall", firewallArgs, in.parent)
	if err != nil {
		return nil, err
	}
	result.firewall = firewall
	return result, nil
}

// edgeLogDelivery returns the statements the access log bucket's policy needs for CloudFront's log
// delivery, or nil when the edge is off.
func edgeLogDelivery(args PlatformArgs, account awsAccount) func(bucketArn string) []map[string]any {
	if !args.Edge.Enabled {
		return nil
	}
	return func(bucketArn string) []map[string]any {
		return LogDeliveryBucketStatements(bucketArn, account.Partition, account.ID, args.NamePrefix)
	}
}

// corsEnvironment returns the environment of a function that serves API routes: the origins whose
// browsers may read its responses.
func corsEnvironment(origins []string) map[string]string {
	if len(origins) == 0 {
		return nil
	}
	return map[string]string{"CORS_ALLOWED_ORIGINS": strings.Join(origins, ",")}
}
