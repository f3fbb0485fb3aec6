package infra

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// platformAPIInputs are the values the platform's REST API and its web ACL are built from.
type platformAPIInputs struct {
	name      string
	args      PlatformArgs
	functions map[string]*GoFunction
	auth      *Auth
	logsKey   pulumi.StringInput
	parent    pulumi.ResourceOption
}

// newPlatformAPI creates the REST API with the platform's routes behind the Cognito authorizer, and
// the web ACL in front of its stage.
func newPlatformAPI(ctx *pulumi.Context, in platformAPIInputs) (*RestAPI, *APIFirewall, error) {
	routes, err := apiRoutes(in.functions)
	if err != nil {
		return nil, nil, err
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
		return nil, nil, err
	}

	firewallArgs := in.args.Firewall
	firewallArgs.NamePrefix = in.args.NamePrefix
	// The stage's ARN output, not an ARN built from the API id, makes the association wait for the stage.
	firewallArgs.StageArn = api.StageArn
	firewallArgs.LogsKeyArn = in.logsKey
	if origins := apiArgs.Cors.AllowedOrigins; len(origins) > 0 {
		firewallArgs.CORSAllowOrigin = origins[0]
	}
	firewall, err := NewAPIFirewall(ctx, in.name+"-api-firewall", firewallArgs, in.parent)
	if err != nil {
		return nil, nil, err
	}
	return api, firewall, nil
}

// corsEnvironment returns the environment of a function that serves API routes: the origins whose
// browsers may read its responses.
func corsEnvironment(origins []string) map[string]string {
	if len(origins) == 0 {
		return nil
	}
	return map[string]string{"CORS_ALLOWED_ORIGINS": strings.Join(origins, ",")}
}
