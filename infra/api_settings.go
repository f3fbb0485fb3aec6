package infra

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Endpoint types of RestAPIArgs.EndpointType.
const (
	// APIEndpointRegional serves the API in the region, from the public execute-api endpoint.
	APIEndpointRegional = "REGIONAL"
	// APIEndpointPrivate serves the API only through execute-api interface endpoints in VPCs.
	APIEndpointPrivate = "PRIVATE"
)

// Quota periods of APIUsagePlan.QuotaPeriod, as API Gateway names them.
const (
	QuotaPeriodDay   = "DAY"
	QuotaPeriodWeek  = "WEEK"
	QuotaPeriodMonth = "MONTH"
)

// Defaults of RestAPIArgs; a zero field means the default.
const (
	DefaultAPIStageName = "v1"
	// DefaultAPIThrottleRateLimit is the steady rate, in requests per second, that each method of the
	// stage accepts before API Gateway returns 429. It is sized for a small file API, far below the
	// account's regional quota of 10,000 requests per second.
	DefaultAPIThrottleRateLimit = 50
	// DefaultAPIThrottleBurstLimit is how many requests each method accepts at once above the rate.
	DefaultAPIThrottleBurstLimit = 100
	// DefaultAPIAccessLogRetentionDays keeps the access logs for a year, for audits.
	DefaultAPIAccessLogRetentionDays = 365
	// DefaultAPICorsMaxAgeSeconds lets browsers cache a preflight response for 10 minutes.
	DefaultAPICorsMaxAgeSeconds = 600
	// maxAPICorsMaxAgeSeconds is the longest preflight cache a browser honours (Firefox, 24 hours).
	maxAPICorsMaxAgeSeconds = 86400
)

// DefaultAPICorsAllowedHeaders are the request headers a browser may send: the bearer token and the
// JSON content type.
var DefaultAPICorsAllowedHeaders = []string{"Authorization", "Content-Type"}

// APIRouteMethods are the HTTP methods a route may declare. The component adds OPTIONS for CORS itself.
var APIRouteMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE"}

// apiBodyMethods are the methods whose routes may declare a request body model.
var apiBodyMethods = []string{"POST", "PUT", "PATCH"}

// QuotaPeriods are the accepted values of APIUsagePlan.QuotaPeriod.
var QuotaPeriods = []string{QuotaPeriodDay, QuotaPeriodWeek, QuotaPeriodMonth}

// APIRoute is one method on one path of the API, served by a Lambda function through a proxy
// integration. Every route requires a valid token of the user pool.
type APIRoute struct {
	// Method is GET, POST, PUT, PATCH or DELETE. The component adds OPTIONS for CORS preflight
	// requests, so no route declares it.
	Method string
	// Path is "/" or slash-separated segments of letters, digits, dots, hyphens and underscores, or
	// path parameters such as "{id}", as in "/files/{id}".
	Path string
	// Function serves the route. The integration calls its InvokeArn, and a Lambda permission on its
	// FunctionName lets API Gateway invoke it.
	Function *GoFunction
	// RequiredGroup is the Cognito group a caller needs, or "" for any signed-in user. A User Pools
	// authorizer cannot check groups, so the function enforces it from the cognito:groups claim. The
	// field documents the route, and RestAPI.RouteGroups reports it.
	RequiredGroup string
	// Scopes are OAuth scopes, such as "https://api.example.com/files.read", of which the caller's
	// access token must carry one. Empty means the authorizer accepts an ID token.
	Scopes []string
	// RequestModel is a JSON schema (draft 4) of the request body. API Gateway rejects a body that does
	// not match it with 400 before the function runs. Only POST, PUT and PATCH routes may set it.
	RequestModel string
	// RequiredQuery are query string parameters without which API Gateway rejects a request with 400
	// before the function runs.
	RequiredQuery []string
	// APIKeyRequired makes the route reject requests without an API key of a usage plan, and counts
	// the requests against that plan's quota.
	APIKeyRequired bool
}

// APICorsArgs configures Cross-Origin Resource Sharing for browsers. Without AllowedOrigins the API
// has no OPTIONS methods and sends no CORS headers, for APIs that only machine clients call.
type APICorsArgs struct {
	// AllowedOrigins are the origins of the web front end: https, such as "https://app.example.com",
	// or http on localhost for development. The first one is the primary origin, which gateway error
	// responses name.
	AllowedOrigins []string
	// AllowedHeaders are the request headers a browser may send. Defaults to
	// DefaultAPICorsAllowedHeaders.
	AllowedHeaders []string
	// MaxAgeSeconds is how long a browser caches a preflight response, 1 to 86400. Defaults to
	// DefaultAPICorsMaxAgeSeconds.
	MaxAgeSeconds int
}

// APIUsagePlan is a usage plan for machine clients, each of which gets its own API key.
type APIUsagePlan struct {
	// Name is 1 to 64 letters, digits, hyphens and underscores, unique among the plans.
	Name string
	// RateLimit is the steady rate in requests per second for each key of the plan.
	RateLimit float64
	// BurstLimit is how many requests a key may send at once above the rate.
	BurstLimit int
	// QuotaLimit is how many requests a key may send in each QuotaPeriod.
	QuotaLimit int
	// QuotaPeriod is QuotaPeriodDay, QuotaPeriodWeek or QuotaPeriodMonth.
	QuotaPeriod string
	// Clients name the API keys of the plan, one key each. AWS generates the key values, which stay out
	// of the program and the stack outputs. A client belongs to one plan only, because API Gateway
	// rejects a key in two plans of the same stage.
	Clients []string
}

// RestAPIArgs configures the REST API, its stage and its usage plans.
type RestAPIArgs struct {
	// NamePrefix starts the names of the API and its resources, such as "secure-serverless-dev".
	NamePrefix string
	// StageName is 1 to 128 letters, digits, hyphens and underscores. Defaults to DefaultAPIStageName.
	StageName string
	// EndpointType is APIEndpointRegional (the default) or APIEndpointPrivate.
	EndpointType string
	// VpcEndpointIds are the execute-api interface endpoints, such as "vpce-0123456789abcdef0", that may
	// call a private API. Required with APIEndpointPrivate and rejected otherwise.
	VpcEndpointIds []string
	// UserPoolArn is the Cognito user pool whose tokens the authorizer accepts.
	UserPoolArn pulumi.StringInput
	// Routes are the methods of the API. At least one is required, because API Gateway cannot deploy
	// an API without methods.
	Routes []APIRoute
	// Cors configures the preflight responses and the CORS headers of gateway error responses.
	Cors APICorsArgs
	// ThrottleRateLimit is the steady rate, in requests per second, that each method accepts.
	// Defaults to DefaultAPIThrottleRateLimit.
	ThrottleRateLimit float64
	// ThrottleBurstLimit is how many requests each method accepts at once above the rate. Defaults to
	// DefaultAPIThrottleBurstLimit.
	ThrottleBurstLimit int
	// UsagePlans are the plans of the machine clients.
	UsagePlans []APIUsagePlan
	// LogsKeyArn is the KMS key that encrypts the access and execution log groups. Its key policy must
	// let CloudWatch Logs use it for log groups named /aws/apigateway/<NamePrefix>-* and
	// API-Gateway-Execution-Logs_<api id>/*.
	LogsKeyArn pulumi.StringInput
	// LogRetentionDays is a CloudWatch Logs retention period of the access and execution logs. Defaults
	// to DefaultAPIAccessLogRetentionDays.
	LogRetentionDays int
	// DataTrace logs full requests and responses, tokens and personal data included, in the execution
	// logs. Turn it on only for development stacks.
	DataTrace bool
}

// apiStageNamePattern matches the stage names API Gateway accepts.
var apiStageNamePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}$`)

// apiVpcEndpointID matches the id of a VPC endpoint.
var apiVpcEndpointID = regexp.MustCompile(`^vpce-[0-9a-f]{8,17}$`)

// apiPathSegment and apiPathParameter match one segment of APIRoute.Path.
var (
	apiPathSegment   = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)
	apiPathParameter = regexp.MustCompile(`^\{[A-Za-z][A-Za-z0-9_]*\}$`)
)

// apiQueryParameter matches a query string parameter name of APIRoute.RequiredQuery.
var apiQueryParameter = regexp.MustCompile(`^[A-Za-z0-9._-]{1,128}$`)

// apiCorsOrigin matches an https origin, a lowercase host name with an optional port and no path, or an
// http origin on localhost for development. It admits no quotes, so an origin can stand in a mapping
// template as it is.
var apiCorsOrigin = regexp.MustCompile(`^(https://[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*` +
	`|http://(localhost|127\.0\.0\.1))(:[0-9]{1,5})?$`)

// apiCorsHeader matches a header name that can go between the single quotes of a static mapping value.
var apiCorsHeader = regexp.MustCompile(`^[A-Za-z0-9-]{1,128}$`)

// apiUsageName matches the names of usage plans and clients.
var apiUsageName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)

// withDefaults fills the defaults and validates the arguments. It reports every invalid field at once.
func (args RestAPIArgs) withDefaults(name string) (RestAPIArgs, error) {
	if args.StageName == "" {
		args.StageName = DefaultAPIStageName
	}
	if args.EndpointType == "" {
		args.EndpointType = APIEndpointRegional
	}
	if args.ThrottleRateLimit == 0 {
		args.ThrottleRateLimit = DefaultAPIThrottleRateLimit
	}
	if args.ThrottleBurstLimit == 0 {
		args.ThrottleBurstLimit = DefaultAPIThrottleBurstLimit
	}
	if args.LogRetentionDays == 0 {
		args.LogRetentionDays = DefaultAPIAccessLogRetentionDays
	}
	if len(args.Cors.AllowedOrigins) > 0 && args.Cors.AllowedHeaders == nil {
		args.Cors.AllowedHeaders = DefaultAPICorsAllowedHeaders
	}
	if args.Cors.MaxAgeSeconds == 0 {
		args.Cors.MaxAgeSeconds = DefaultAPICorsMaxAgeSeconds
	}

	var errs []error
	invalid := func(format string, values ...any) { errs = append(errs, fmt.Errorf(format, values...)) }
	if args.NamePrefix == "" {
		invalid("NamePrefix is empty; set it to <project>-<stack>")
	}
	if !apiStageNamePattern.MatchString(args.StageName) {
		invalid("StageName %q is invalid; use 1 to 128 letters, digits, hyphens and underscores, such as %q",
			args.StageName, DefaultAPIStageName)
	}
	errs = append(errs, args.validateEndpoint()...)
	if args.UserPoolArn == nil {
		invalid("UserPoolArn is missing; pass the ARN of the Cognito user pool whose tokens the API accepts")
	}
	if args.LogsKeyArn == nil {
		invalid("LogsKeyArn is missing; pass the KMS key whose policy lets CloudWatch Logs encrypt log groups "+
			"named /aws/apigateway/%s-*", args.NamePrefix)
	}
	if !validRetentionDays(args.LogRetentionDays) {
		invalid("LogRetentionDays is %d, which CloudWatch Logs does not accept; use one of %v",
			args.LogRetentionDays, CloudWatchRetentionDays)
	}
	if args.ThrottleRateLimit < 0 || math.IsNaN(args.ThrottleRateLimit) || math.IsInf(args.ThrottleRateLimit, 0) {
		invalid("ThrottleRateLimit is %v; use a number of requests per second above 0, such as %d",
			args.ThrottleRateLimit, DefaultAPIThrottleRateLimit)
	}
	if args.ThrottleBurstLimit < 0 {
		invalid("ThrottleBurstLimit is %d; use at least 1, such as %d", args.ThrottleBurstLimit,
			DefaultAPIThrottleBurstLimit)
	}
	errs = append(errs, args.Cors.validate()...)
	errs = append(errs, validateRoutes(args.Routes)...)
	errs = append(errs, validateUsagePlans(args.UsagePlans)...)
	if keyRoutes := apiKeyRoutes(args.Routes); len(args.UsagePlans) == 0 && len(keyRoutes) > 0 {
		invalid("Routes %s set APIKeyRequired, but UsagePlans is empty, so no key could call them; add a "+
			"usage plan with a client or remove APIKeyRequired", strings.Join(keyRoutes, ", "))
	}
	if len(errs) > 0 {
		return args, fmt.Errorf("rest API %q: %w", name, errors.Join(errs...))
	}
	return args, nil
}

// apiKeyRoutes returns the routes that require an API key, as "<METHOD> <path>".
func apiKeyRoutes(routes []APIRoute) []string {
	var keys []string
	for _, route := range routes {
		if route.APIKeyRequired {
			keys = append(keys, route.Method+" "+route.Path)
		}
	}
	return keys
}

// validateEndpoint checks the endpoint type and the VPC endpoints of a private API.
func (args RestAPIArgs) validateEndpoint() []error {
	var errs []error
	switch args.EndpointType {
	case APIEndpointRegional:
		if len(args.VpcEndpointIds) > 0 {
			errs = append(errs, fmt.Errorf("VpcEndpointIds is %v, but EndpointType is %s; set EndpointType to "+
				"%s or remove VpcEndpointIds", args.VpcEndpointIds, APIEndpointRegional, APIEndpointPrivate))
		}
	case APIEndpointPrivate:
		if len(args.VpcEndpointIds) == 0 {
			errs = append(errs, fmt.Errorf("VpcEndpointIds is empty, but EndpointType is %s; list the "+
				"execute-api interface endpoints that may call the API, such as vpce-0123456789abcdef0",
				APIEndpointPrivate))
		}
	default:
		errs = append(errs, fmt.Errorf("EndpointType %q is invalid; use %s or %s (EDGE is left out, because "+
			"the edge component puts its own CloudFront distribution in front of the API)", args.EndpointType,
			APIEndpointRegional, APIEndpointPrivate))
	}
	seen := map[string]bool{}
	for _, id := range args.VpcEndpointIds {
		switch {
		case !apiVpcEndpointID.MatchString(id):
			errs = append(errs, fmt.Errorf("VpcEndpointIds has %q; use the id of an execute-api interface "+
				"endpoint, such as vpce-0123456789abcdef0", id))
		case seen[id]:
			errs = append(errs, fmt.Errorf("VpcEndpointIds has %q twice; list each endpoint once", id))
		}
		seen[id] = true
	}
	return errs
}

// validate checks the CORS settings.
func (cors APICorsArgs) validate() []error {
	var errs []error
	seen := map[string]bool{}
	for _, origin := range cors.AllowedOrigins {
		switch {
		case !apiCorsOrigin.MatchString(origin):
			errs = append(errs, fmt.Errorf("Cors.AllowedOrigins has %q; use an https origin in lowercase "+
				"without path, trailing slash or wildcard, such as https://app.example.com (http only for "+
				"localhost)", origin))
		case seen[origin]:
			errs = append(errs, fmt.Errorf("Cors.AllowedOrigins has %q twice; list each origin once", origin))
		}
		seen[origin] = true
	}
	if len(cors.AllowedOrigins) == 0 && len(cors.AllowedHeaders) > 0 {
		errs = append(errs, errors.New("Cors.AllowedHeaders is set without Cors.AllowedOrigins; add the origin "+
			"of the web front end or remove the headers"))
	}
	for _, header := range cors.AllowedHeaders {
		if !apiCorsHeader.MatchString(header) {
			errs = append(errs, fmt.Errorf("Cors.AllowedHeaders has %q; use a header name of letters, digits "+
				"and hyphens, such as Content-Type", header))
		}
	}
	if cors.MaxAgeSeconds < 1 || cors.MaxAgeSeconds > maxAPICorsMaxAgeSeconds {
		errs = append(errs, fmt.Errorf("Cors.MaxAgeSeconds is %d, must be 1 to %d", cors.MaxAgeSeconds,
			maxAPICorsMaxAgeSeconds))
	}
	return errs
}

// validateRoutes checks each route and the route table as a whole: no method twice on one path, one
// path parameter name per level, and distinct request model names.
func validateRoutes(routes []APIRoute) []error {
	var errs []error
	if len(routes) == 0 {
		return []error{errors.New("Routes is empty; declare at least one route, because API Gateway cannot " +
			"deploy an API without methods")}
	}
	seen := map[string]bool{}
	models := map[string]string{}
	var valid []APIRoute
	for _, route := range routes {
		key := route.Method + " " + route.Path
		routeErrs := route.validate()
		errs = append(errs, routeErrs...)
		if len(routeErrs) > 0 {
			continue
		}
		valid = append(valid, route)
		if seen[key] {
			errs = append(errs, fmt.Errorf("Routes has %s twice; declare each method of a path once", key))
		}
		seen[key] = true
		if route.RequestModel != "" {
			model := route.modelName()
			if other, duplicate := models[model]; duplicate {
				errs = append(errs, fmt.Errorf("Routes %s and %s both get the request model name %s; rename one "+
					"of the paths", other, key, model))
			}
			models[model] = key
		}
	}
	return append(errs, validatePathParameters(valid)...)
}

// validate checks one route.
func (route APIRoute) validate() []error {
	var errs []error
	invalid := route.reporter(&errs)
	switch {
	case route.Method == "OPTIONS":
		invalid("OPTIONS is generated for CORS preflight requests; declare GET, POST, PUT, PATCH or DELETE")
	case !slices.Contains(APIRouteMethods, route.Method):
		invalid("Method %q is invalid; use one of %s", route.Method, strings.Join(APIRouteMethods, ", "))
	}
	if !validRoutePath(route.Path) {
		invalid("Path %q is invalid; use \"/\" or segments of letters, digits, dots, hyphens and underscores, "+
			"or parameters such as {id}, as in /files/{id}", route.Path)
	}

	if route.Function == nil || route.Function.InvokeArn.OutputState == nil ||
		route.Function.FunctionName.OutputState == nil {
		invalid("Function is missing; pass the *GoFunction that serves the route")
	}
	if route.RequiredGroup != "" && !groupName.MatchString(route.RequiredGroup) {
		invalid("RequiredGroup %q is invalid; use a Cognito group name of lowercase letters, digits, hyphens "+
			"and underscores, such as %q", route.RequiredGroup, AdminGroup)
	}
	seenScopes := map[string]bool{}
	for _, scope := range route.Scopes {
		switch {
		case scope == "" || len(scope) > 512 || strings.ContainsFunc(scope, notAPIScopeRune):
			invalid("Scopes has %q; use a scope such as https://api.example.com/files.read, without spaces "+
				"or quotes", scope)
		case seenScopes[scope]:
			invalid("Scopes has %q twice; list each scope once", scope)
		}
		seenScopes[scope] = true
	}

	return append(errs, route.validateRequestChecks()...)
}

// validateRequestChecks checks the request model and the required query parameters of a route.
func (route APIRoute) validateRequestChecks() []error {
	var errs []error
	invalid := route.reporter(&errs)
	if route.RequestModel != "" {
		switch {
		case !slices.Contains(apiBodyMethods, route.Method):
			invalid("RequestModel is set on a %s route; only %s requests carry a body to validate",
				route.Method, strings.Join(apiBodyMethods, ", "))
		case !isAPIJSONObject(route.RequestModel):
			invalid("RequestModel is not a JSON object; pass a JSON schema (draft 4), such as " +
				`{"type":"object","required":["name"]}`)
		}
	}

	seenQuery := map[string]bool{}
	for _, parameter := range route.RequiredQuery {
		switch {
		case !apiQueryParameter.MatchString(parameter):
			invalid("RequiredQuery has %q; use 1 to 128 letters, digits, dots, hyphens and underscores",
				parameter)
		case seenQuery[parameter]:
			invalid("RequiredQuery has %q twice; list each parameter once", parameter)
		}
		seenQuery[parameter] = true
	}
	return errs
}

// reporter returns a function that appends an error about the route to errs.
func (route APIRoute) reporter(errs *[]error) func(format string, values ...any) {
	return func(format string, values ...any) {
		*errs = append(*errs, fmt.Errorf("Routes %s %s: %s", route.Method, route.Path, fmt.Sprintf(format, values...)))
	}
}

// validatePathParameters rejects two parameter names at the same level under one parent, such as
// /files/{id} and /files/{fileId}, which API Gateway rejects because a resource may have only one
// variable child.
func validatePathParameters(routes []APIRoute) []error {
	variables := map[string]string{}
	var errs []error
	for _, path := range routePaths(routes) {
		parent, part := splitResourcePath(path)
		if !apiPathParameter.MatchString(part) {
			continue
		}
		if other, duplicate := variables[parent]; duplicate && other != part {
			errs = append(errs, fmt.Errorf("Routes use both %s and %s under %s; API Gateway allows one path "+
				"parameter per level, so use the same name in every route", other, part, parent))
			continue
		}
		variables[parent] = part
	}
	return errs
}

// validateUsagePlans checks the plans and that each client is in one plan.
func validateUsagePlans(plans []APIUsagePlan) []error {
	var errs []error
	planNames := map[string]bool{}
	clients := map[string]string{}
	for i, plan := range plans {
		label := fmt.Sprintf("UsagePlans[%d] (%s)", i, plan.Name)
		invalid := func(format string, values ...any) {
			errs = append(errs, fmt.Errorf("%s: %s", label, fmt.Sprintf(format, values...)))
		}
		switch {
		case !apiUsageName.MatchString(plan.Name):
			invalid("Name %q is invalid; use 1 to 64 letters, digits, hyphens and underscores, such as "+
				"\"partners\"", plan.Name)
		case planNames[plan.Name]:
			invalid("Name %q is used by another plan; give each plan its own name", plan.Name)
		}
		planNames[plan.Name] = true
		if !(plan.RateLimit > 0) || math.IsInf(plan.RateLimit, 0) {
			invalid("RateLimit is %v; use a number of requests per second above 0", plan.RateLimit)
		}
		if plan.BurstLimit < 1 {
			invalid("BurstLimit is %d; use at least 1", plan.BurstLimit)
		}
		if plan.QuotaLimit < 1 {
			invalid("QuotaLimit is %d; use the number of requests a key may send in each QuotaPeriod, at "+
				"least 1", plan.QuotaLimit)
		}
		if !slices.Contains(QuotaPeriods, plan.QuotaPeriod) {
			invalid("QuotaPeriod %q is invalid; use %s", plan.QuotaPeriod, strings.Join(QuotaPeriods, ", "))
		}
		for _, client := range plan.Clients {
			switch {
			case !apiUsageName.MatchString(client):
				invalid("Clients has %q; use 1 to 64 letters, digits, hyphens and underscores", client)
			case clients[client] != "":
				invalid("Clients has %q, which plan %s has too; API Gateway allows a key in one plan per "+
					"stage, so list each client once", client, clients[client])
			}
			if clients[client] == "" {
				clients[client] = plan.Name
			}
		}
	}
	return errs
}

// notAPIScopeRune reports a rune that may not appear in an OAuth scope: whitespace, quotes, backslashes
// and control or non-ASCII characters.
func notAPIScopeRune(r rune) bool {
	return r > unicode.MaxASCII || unicode.IsSpace(r) || unicode.IsControl(r) || r == '"' || r == '\\'
}

// isAPIJSONObject reports whether text is a JSON object.
func isAPIJSONObject(text string) bool {
	var object map[string]any
	return json.Unmarshal([]byte(text), &object) == nil && object != nil
}
