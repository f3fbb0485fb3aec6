package infra

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/offline/fakeaws"
)

// Type tokens of the edge's resources.
const (
	typeDistribution          = "aws:cloudfront/distribution:Distribution"
	typeResponseHeadersPolicy = "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy"
	typeOriginAccessControl   = "aws:cloudfront/originAccessControl:OriginAccessControl"
	typePublicKey             = "aws:cloudfront/publicKey:PublicKey"
	typeKeyGroup              = "aws:cloudfront/keyGroup:KeyGroup"
	typeEdgeWebACL            = "aws:wafv2/webAcl:WebAcl"
	typeEdgeWebACLLogging     = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"
	typeRegexPatternSet       = "aws:wafv2/regexPatternSet:RegexPatternSet"
	typeSecret                = "aws:secretsmanager/secret:Secret"
	typeSecretRotation        = "aws:secretsmanager/secretRotation:SecretRotation"
	typeCertificate           = "aws:acm/certificate:Certificate"
	typeCertificateValidation = "aws:acm/certificateValidation:CertificateValidation"
	typeRecord                = "aws:route53/record:Record"
	typeLogDeliverySource     = "aws:cloudwatch/logDeliverySource:LogDeliverySource"
	typeLogDeliveryDest       = "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination"
	typeLogDelivery           = "aws:cloudwatch/logDelivery:LogDelivery"
	typeEdgeLogGroup          = "aws:cloudwatch/logGroup:LogGroup"
	typeEdgeKey               = "aws:kms/key:Key"
	typeEdgeFunction          = "aws:lambda/function:Function"
	typeEdgeRolePolicy        = "aws:iam/rolePolicy:RolePolicy"
	typeEdgePermission        = "aws:lambda/permission:Permission"
	typeAWSProvider           = "pulumi:providers:aws"
)

const (
	testAPIDomain      = "abc123defg.execute-api.us-east-1.amazonaws.com"
	testLogBucketArn   = "arn:aws:s3:::app-test-logs"
	testFilesBucketArn = "arn:aws:s3:::app-test-files"
	testFilesDomain    = "app-test-files.s3.us-east-1.amazonaws.com"
	testZoneID         = "Z0123456789ABCDEFGHIJ"
	testPublicKey      = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----\n"
)

// edgeMocks records the ignoreChanges and the provider of every registration besides what fakeaws.Mocks
// records.
type edgeMocks struct {
	*fakeaws.Mocks
	mu            sync.Mutex
	ignoreChanges map[string][]string
	providers     map[string]string
}

func (m *edgeMocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	if args.RegisterRPC != nil {
		m.mu.Lock()
		key := args.TypeToken + "::" + args.Name
		m.ignoreChanges[key] = args.RegisterRPC.GetIgnoreChanges()
		m.providers[key] = args.Provider
		m.mu.Unlock()
	}
	return m.Mocks.NewResource(args)
}

// ignored returns the ignoreChanges of a resource.
func (m *edgeMocks) ignored(typ, name string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.ignoreChanges[typ+"::"+name]
}

// provider returns the provider reference ("<urn>::<id>") of a resource, "" for the default provider.
func (m *edgeMocks) provider(typ, name string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.providers[typ+"::"+name]
}

// runEdgeWithMocks runs fn under the recording mocks.
func runEdgeWithMocks(fn pulumi.RunFunc) (*edgeMocks, error) {
	mocks := &edgeMocks{Mocks: fakeaws.NewMocks(), ignoreChanges: map[string][]string{}, providers: map[string]string{}}
	err := pulumi.RunErr(fn, pulumi.WithMocks("secure-serverless", "test", mocks))
	return mocks, err
}

// edgeTestArgs returns valid arguments without custom domains or user content.
func edgeTestArgs(t *testing.T) EdgeArgs {
	t.Helper()
	return EdgeArgs{
		NamePrefix:   "app-test",
		Enabled:      true,
		APIDomain:    pulumi.String(testAPIDomain),
		APIStageName: "v1",
		LogBucketArn: pulumi.String(testLogBucketArn),
		// The default build cache lets the tests build the rotation function once.
		RotationFunction: GoFunctionArgs{SourceDir: repoRoot(t)},
	}
}

// userContentTestArgs returns the user-content settings of the test bucket.
func userContentTestArgs() *EdgeUserContentArgs {
	return &EdgeUserContentArgs{
		BucketArn:                pulumi.String(testFilesBucketArn),
		BucketRegionalDomainName: pulumi.String(testFilesDomain),
		PublicKeysPEM:            []string{testPublicKey},
	}
}

// edgeOutputs are the resolved outputs of an Edge.
type edgeOutputs struct {
	distributionID, distributionArn, url, webACLArn, patternSetArn, secretArn string
	userContentArn, userContentURL, keyGroupID                                string
	originVerify                                                              *OriginVerifyArgs
	originVerifyArn                                                           string
}

// newTestEdge creates an edge named "edge" under the recording mocks and returns its resolved outputs.
func newTestEdge(t *testing.T, args EdgeArgs) (*edgeMocks, edgeOutputs) {
	t.Helper()
	var outputs edgeOutputs
	mocks, err := runEdgeWithMocks(func(ctx *pulumi.Context) error {
		edge, err := NewEdge(ctx, "edge", args)
		if err != nil {
			return err
		}
		outputs.originVerify = edge.OriginVerify()
		pulumi.All(edge.DistributionId, edge.DistributionArn, edge.URL, edge.WebAclArn, edge.PatternSetArn,
			edge.OriginSecretArn, edge.UserContentDistributionArn, edge.UserContentURL, edge.UserContentKeyGroupId,
			outputs.originVerify.PatternSetArn.ToStringOutput(),
		).ApplyT(func(values []any) error {
			outputs.distributionID, outputs.distributionArn = values[0].(string), values[1].(string)
			outputs.url, outputs.webACLArn = values[2].(string), values[3].(string)
			outputs.patternSetArn, outputs.secretArn = values[4].(string), values[5].(string)
			outputs.userContentArn, outputs.userContentURL = values[6].(string), values[7].(string)
			outputs.keyGroupID, outputs.originVerifyArn = values[8].(string), values[9].(string)
			return nil
		})
		return nil
	})
	require.NoError(t, err)
	return mocks, outputs
}

// edgeError returns the error of a program that creates an edge with the arguments.
func edgeError(t *testing.T, args EdgeArgs) error {
	t.Helper()
	_, err := runEdgeWithMocks(func(ctx *pulumi.Context) error {
		_, err := NewEdge(ctx, "edge", args)
		return err
	})
	return err
}

// objectList returns an array input of objects.
func objectList(t *testing.T, props resource.PropertyMap, key resource.PropertyKey) []resource.PropertyMap {
	t.Helper()
	v, ok := props[key]
	require.True(t, ok, "property %q is missing", key)
	require.True(t, v.IsArray(), "property %q is %v, expected an array", key, v)
	var out []resource.PropertyMap
	for _, element := range v.ArrayValue() {
		require.True(t, element.IsObject(), "element of %q is %v, expected an object", key, element)
		out = append(out, element.ObjectValue())
	}
	return out
}

// edgeStrings returns a string array input, or nil when it is absent.
func edgeStrings(props resource.PropertyMap, key resource.PropertyKey) []string {
	v, ok := props[key]
	if !ok || !v.IsArray() {
		return nil
	}
	var out []string
	for _, element := range v.ArrayValue() {
		out = append(out, element.StringValue())
	}
	return out
}

func TestEdgeAPIDistributionDefaults(t *testing.T) {
	mocks, outputs := newTestEdge(t, edgeTestArgs(t))

	distribution := find(t, mocks.Mocks, typeDistribution, "edge-api")
	assertParent(t, distribution, EdgeType, "edge")
	assert.True(t, distribution.Inputs["enabled"].BoolValue())
	assert.True(t, distribution.Inputs["isIpv6Enabled"].BoolValue())
	assert.Equal(t, PriceClass100, distribution.Inputs["priceClass"].StringValue())
	assert.Equal(t, outputs.webACLArn, distribution.Inputs["webAclId"].StringValue(), "the web ACL is attached by ARN")
	assert.NotContains(t, distribution.Inputs, resource.PropertyKey("aliases"))
	assert.NotContains(t, distribution.Inputs, resource.PropertyKey("loggingConfig"), "no legacy logging")

	origins := objectList(t, distribution.Inputs, "origins")
	require.Len(t, origins, 1)
	origin := origins[0]
	assert.Equal(t, apiOriginID, origin["originId"].StringValue())
	assert.Equal(t, testAPIDomain, origin["domainName"].StringValue())
	assert.Equal(t, "/v1", origin["originPath"].StringValue())
	custom := object(t, origin, "customOriginConfig")
	assert.Equal(t, "https-only", custom["originProtocolPolicy"].StringValue())
	assert.Equal(t, []string{"TLSv1.2"}, edgeStrings(custom, "originSslProtocols"))
	headers := objectList(t, origin, "customHeaders")
	require.Len(t, headers, 1)
	assert.Equal(t, OriginVerifyHeaderName, headers[0]["name"].StringValue())
	assert.Equal(t, originHeaderPlaceholder, headers[0]["value"].StringValue())

	behavior := object(t, distribution.Inputs, "defaultCacheBehavior")
	assert.Equal(t, apiOriginID, behavior["targetOriginId"].StringValue())
	assert.Equal(t, "https-only", behavior["viewerProtocolPolicy"].StringValue())
	assert.Equal(t, cachingDisabledPolicyID, behavior["cachePolicyId"].StringValue())
	assert.Equal(t, allViewerExceptHostHeaderPolicyID, behavior["originRequestPolicyId"].StringValue(),
		"Authorization forwarded, Host not")
	assert.ElementsMatch(t, apiMethods, edgeStrings(behavior, "allowedMethods"))
	headersPolicy := find(t, mocks.Mocks, typeResponseHeadersPolicy, "edge-api-headers")
	assert.Equal(t, headersPolicy.ID, behavior["responseHeadersPolicyId"].StringValue())

	certificate := object(t, distribution.Inputs, "viewerCertificate")
	assert.True(t, certificate["cloudfrontDefaultCertificate"].BoolValue())
	_, hasCertificate := mocks.Find(typeCertificate, "edge-certificate")
	assert.False(t, hasCertificate)

	assert.Equal(t, distribution.ID, outputs.distributionID)
	assert.Equal(t, "https://"+distribution.Outputs["domainName"].StringValue(), outputs.url)
}

func TestEdgeOriginHeaderOwnedByRotation(t *testing.T) {
	mocks, _ := newTestEdge(t, edgeTestArgs(t))

	assert.Equal(t, []string{"origins[0].customHeaders[0].value"}, mocks.ignored(typeDistribution, "edge-api"))
	assert.Equal(t, []string{"regularExpressions"}, mocks.ignored(typeRegexPatternSet, "edge-origin-verify"))
	assert.Empty(t, mocks.ignored(typeEdgeWebACL, "edge-web-acl"), "nothing else is ignored")
}

func TestEdgeSecurityHeaders(t *testing.T) {
	mocks, _ := newTestEdge(t, edgeTestArgs(t))

	policy := find(t, mocks.Mocks, typeResponseHeadersPolicy, "edge-api-headers")
	assertParent(t, policy, EdgeType, "edge")
	headers := object(t, policy.Inputs, "securityHeadersConfig")
	hsts := object(t, headers, "strictTransportSecurity")
	assert.Equal(t, float64(DefaultHSTSMaxAgeSeconds), hsts["accessControlMaxAgeSec"].NumberValue())
	assert.True(t, hsts["includeSubdomains"].BoolValue())
	assert.True(t, hsts["preload"].BoolValue())
	assert.True(t, hsts["override"].BoolValue())
	assert.True(t, object(t, headers, "contentTypeOptions")["override"].BoolValue())
	assert.Equal(t, "DENY", object(t, headers, "frameOptions")["frameOption"].StringValue())
	assert.Equal(t, "no-referrer", object(t, headers, "referrerPolicy")["referrerPolicy"].StringValue())
	assert.Equal(t, "default-src 'none'; frame-ancestors 'none'",
		object(t, headers, "contentSecurityPolicy")["contentSecurityPolicy"].StringValue())
}

func TestEdgeWebACL(t *testing.T) {
	mocks, outputs := newTestEdge(t, edgeTestArgs(t))

	provider := find(t, mocks.Mocks, typeAWSProvider, "edge-us-east-1")
	assertParent(t, provider, EdgeType, "edge")
	assert.Equal(t, EdgeRegion, provider.Inputs["region"].StringValue())

	acl := find(t, mocks.Mocks, typeEdgeWebACL, "edge-web-acl")
	assertParent(t, acl, EdgeType, "edge")
	assert.Contains(t, mocks.provider(typeEdgeWebACL, "edge-web-acl"), "::edge-us-east-1::")
	assert.Equal(t, "CLOUDFRONT", acl.Inputs["scope"].StringValue())
	assert.Equal(t, "app-test-edge", acl.Inputs["name"].StringValue())
	assert.Contains(t, object(t, acl.Inputs, "defaultAction"), resource.PropertyKey("allow"))
	assert.Equal(t, acl.Outputs["arn"].StringValue(), outputs.webACLArn)

	rules := objectList(t, acl.Inputs, "rules")
	var names []string
	for i, rule := range rules {
		names = append(names, rule["name"].StringValue())
		assert.Equal(t, float64(i), rule["priority"].NumberValue(), "priority of %s", rule["name"].StringValue())
		visibility := object(t, rule, "visibilityConfig")
		assert.Equal(t, rule["name"].StringValue(), visibility["metricName"].StringValue())
		assert.True(t, visibility["cloudwatchMetricsEnabled"].BoolValue())
	}
	assert.Equal(t, []string{CommonRuleSet, KnownBadInputsSet, IPReputationList, EdgeRateLimitRule}, names)

	common := object(t, object(t, rules[0], "statement"), "managedRuleGroupStatement")
	overrides := objectList(t, common, "ruleActionOverrides")
	require.Len(t, overrides, 1)
	assert.Equal(t, "SizeRestrictions_BODY", overrides[0]["name"].StringValue())

	rate := object(t, object(t, rules[3], "statement"), "rateBasedStatement")
	assert.Equal(t, float64(DefaultEdgeRateLimit), rate["limit"].NumberValue())
	assert.Equal(t, float64(DefaultEdgeRateWindowSeconds), rate["evaluationWindowSec"].NumberValue())
	assert.Equal(t, "IP", rate["aggregateKeyType"].StringValue())
	assert.Contains(t, object(t, rules[3], "action"), resource.PropertyKey("block"))

	logGroup := find(t, mocks.Mocks, typeEdgeLogGroup, "edge-web-acl-logs")
	assert.Equal(t, "aws-waf-logs-app-test-edge", logGroup.Inputs["name"].StringValue())
	assert.Equal(t, float64(DefaultLogRetentionDays), logGroup.Inputs["retentionInDays"].NumberValue())
	key := find(t, mocks.Mocks, typeEdgeKey, "edge-logs-key")
	assert.Equal(t, key.Outputs["arn"].StringValue(), logGroup.Inputs["kmsKeyId"].StringValue())
	assert.True(t, key.Inputs["enableKeyRotation"].BoolValue())
	keyStatement := statement(t, policyDocument(t, key.Inputs, "policy"), "CloudWatchLogsEncryptsWebACLLogs")
	assert.Equal(t, map[string]any{"Service": "logs.us-east-1.amazonaws.com"}, keyStatement["Principal"])
	assert.Contains(t, mocks.provider(typeEdgeLogGroup, "edge-web-acl-logs"), "::edge-us-east-1::")

	logging := find(t, mocks.Mocks, typeEdgeWebACLLogging, "edge-web-acl-logging")
	assert.Equal(t, outputs.webACLArn, logging.Inputs["resourceArn"].StringValue())
	assert.Equal(t, []string{logGroup.Outputs["arn"].StringValue()}, edgeStrings(logging.Inputs, "logDestinationConfigs"))
	var redacted []string
	for _, field := range objectList(t, logging.Inputs, "redactedFields") {
		redacted = append(redacted, object(t, field, "singleHeader")["name"].StringValue())
	}
	assert.Equal(t, []string{"authorization", "cookie"}, redacted)
}

func TestEdgeOriginVerification(t *testing.T) {
	mocks, outputs := newTestEdge(t, edgeTestArgs(t))

	patternSet := find(t, mocks.Mocks, typeRegexPatternSet, "edge-origin-verify")
	assertParent(t, patternSet, EdgeType, "edge")
	assert.Equal(t, "REGIONAL", patternSet.Inputs["scope"].StringValue())
	assert.Empty(t, mocks.provider(typeRegexPatternSet, "edge-origin-verify"), "the API's region, the default provider")
	expressions := objectList(t, patternSet.Inputs, "regularExpressions")
	require.Len(t, expressions, 1)
	assert.Equal(t, noMatchRegex, expressions[0]["regexString"].StringValue())
	assert.NotRegexp(t, noMatchRegex, originHeaderPlaceholder, "WAF never accepts the placeholder")
	assert.NotRegexp(t, noMatchRegex, "", "WAF never accepts an empty header")

	require.NotNil(t, outputs.originVerify)
	assert.Equal(t, OriginVerifyHeaderName, outputs.originVerify.HeaderName)
	assert.Equal(t, patternSet.Outputs["arn"].StringValue(), outputs.originVerifyArn)
	assert.Empty(t, outputs.originVerify.validate(), "the API firewall accepts the edge's settings")

	secret := find(t, mocks.Mocks, typeSecret, "edge-origin-secret")
	key := find(t, mocks.Mocks, typeEdgeKey, "edge-origin-secret-key")
	assert.Equal(t, "app-test-origin-verify", secret.Inputs["name"].StringValue())
	assert.Equal(t, key.Outputs["arn"].StringValue(), secret.Inputs["kmsKeyId"].StringValue())
	assert.Equal(t, float64(0), secret.Inputs["recoveryWindowInDays"].NumberValue(),
		"deleted at once, so the edge can be turned off and on again under the same name")
	assert.Equal(t, secret.Outputs["arn"].StringValue(), outputs.secretArn)
	assert.Empty(t, mocks.ByType("aws:secretsmanager/secretVersion:SecretVersion"), "no value in the program or state")
}

func TestEdgeRotationFunction(t *testing.T) {
	mocks, outputs := newTestEdge(t, edgeTestArgs(t))

	function := find(t, mocks.Mocks, typeEdgeFunction, "edge-origin-secret-rotation")
	assert.Equal(t, "app-test-origin-secret-rotation", function.Inputs["name"].StringValue())
	assert.Equal(t, float64(rotationFunctionTimeoutSeconds), function.Inputs["timeout"].NumberValue())
	assert.NotContains(t, function.Inputs, resource.PropertyKey("vpcConfig"))
	variables := object(t, object(t, function.Inputs, "environment"), "variables")
	patternSet := find(t, mocks.Mocks, typeRegexPatternSet, "edge-origin-verify")
	assert.Equal(t, outputs.distributionID, variables["DISTRIBUTION_ID"].StringValue())
	assert.Equal(t, apiOriginID, variables["ORIGIN_ID"].StringValue())
	assert.Equal(t, OriginVerifyHeaderName, variables["HEADER_NAME"].StringValue())
	assert.Equal(t, patternSet.Inputs["name"].StringValue(), variables["PATTERN_SET_NAME"].StringValue())
	assert.Equal(t, patternSet.ID, variables["PATTERN_SET_ID"].StringValue())
	assert.Equal(t, "REGIONAL", variables["PATTERN_SET_SCOPE"].StringValue())
	assert.Equal(t, "300", variables["WAF_PROPAGATION_SECONDS"].StringValue())

	policy := policyDocument(t, find(t, mocks.Mocks, typeEdgeRolePolicy, "edge-origin-secret-rotation-policy").Inputs, "policy")
	secretKey := find(t, mocks.Mocks, typeEdgeKey, "edge-origin-secret-key")
	tests := []struct {
		sid      string
		actions  []string
		resource string
	}{
		{"RotateOriginSecret", originSecretActions, outputs.secretArn},
		{"UseOriginSecretKey", []string{"kms:Decrypt", "kms:GenerateDataKey"}, secretKey.Outputs["arn"].StringValue()},
		{"UpdateOriginPatternSet", patternSetActions, outputs.patternSetArn},
		{"UpdateOriginHeader", distributionActions, outputs.distributionArn},
	}
	for _, tt := range tests {
		entry := statement(t, policy, tt.sid)
		assert.ElementsMatch(t, tt.actions, stringsOf(entry["Action"]), tt.sid)
		assert.Equal(t, []string{tt.resource}, stringsOf(entry["Resource"]), tt.sid)
	}
	assert.Equal(t, map[string]any{"StringEquals": map[string]any{"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}},
		statement(t, policy, "UseOriginSecretKey")["Condition"])

	permission := find(t, mocks.Mocks, typeEdgePermission, "edge-origin-secret-invoke")
	assert.Equal(t, "secretsmanager.amazonaws.com", permission.Inputs["principal"].StringValue())
	assert.Equal(t, outputs.secretArn, permission.Inputs["sourceArn"].StringValue())
	assert.Equal(t, testAccountID, permission.Inputs["sourceAccount"].StringValue())

	schedule := find(t, mocks.Mocks, typeSecretRotation, "edge-origin-secret-schedule")
	assert.Equal(t, outputs.secretArn, schedule.Inputs["secretId"].StringValue())
	assert.Equal(t, function.Outputs["arn"].StringValue(), schedule.Inputs["rotationLambdaArn"].StringValue())
	assert.Equal(t, float64(DefaultOriginSecretRotationDays),
		object(t, schedule.Inputs, "rotationRules")["automaticallyAfterDays"].NumberValue())
	assert.True(t, schedule.Inputs["rotateImmediately"].BoolValue())
	for _, dependency := range []struct{ typ, name string }{
		{typeDistribution, "edge-api"}, {typeRegexPatternSet, "edge-origin-verify"}, {typeEdgePermission, "edge-origin-secret-invoke"},
	} {
		assert.True(t, schedule.DependsOn(dependency.typ, dependency.name), "the first rotation waits for %s", dependency.name)
	}
}

func TestEdgeAccessLogDelivery(t *testing.T) {
	args := edgeTestArgs(t)
	args.UserContent = userContentTestArgs()
	mocks, outputs := newTestEdge(t, args)

	destination := find(t, mocks.Mocks, typeLogDeliveryDest, "edge-access-logs")
	assert.Equal(t, "app-test-edge-access-logs", destination.Inputs["name"].StringValue())
	assert.Equal(t, "json", destination.Inputs["outputFormat"].StringValue())
	assert.Equal(t, testLogBucketArn+"/cloudfront",
		object(t, destination.Inputs, "deliveryDestinationConfiguration")["destinationResourceArn"].StringValue())
	assert.Contains(t, mocks.provider(typeLogDeliveryDest, "edge-access-logs"), "::edge-us-east-1::")

	for _, tt := range []struct{ prefix, source, distributionArn string }{
		{"edge-api", "app-test-edge-api", outputs.distributionArn},
		{"edge-user-files", "app-test-edge-user-files", outputs.userContentArn},
	} {
		source := find(t, mocks.Mocks, typeLogDeliverySource, tt.prefix+"-access-log-source")
		assert.Equal(t, tt.source, source.Inputs["name"].StringValue())
		assert.Equal(t, "ACCESS_LOGS", source.Inputs["logType"].StringValue())
		assert.Equal(t, tt.distributionArn, source.Inputs["resourceArn"].StringValue())
		assert.Contains(t, mocks.provider(typeLogDeliverySource, tt.prefix+"-access-log-source"), "::edge-us-east-1::")

		delivery := find(t, mocks.Mocks, typeLogDelivery, tt.prefix+"-access-log-delivery")
		assert.Equal(t, tt.source, delivery.Inputs["deliverySourceName"].StringValue())
		assert.Equal(t, destination.Outputs["arn"].StringValue(), delivery.Inputs["deliveryDestinationArn"].StringValue())
		configs := objectList(t, delivery.Inputs, "s3DeliveryConfigurations")
		require.Len(t, configs, 1)
		assert.Equal(t, accessLogSuffixPath, configs[0]["suffixPath"].StringValue())
	}
}

func TestLogDeliveryBucketStatements(t *testing.T) {
	statements := LogDeliveryBucketStatements(testLogBucketArn, "aws", testAccountID, "app-test")
	doc := map[string]any{}
	encoded, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": statements})
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(encoded, &doc))

	write := statement(t, doc, "AllowCloudFrontAccessLogDelivery")
	assert.Equal(t, map[string]any{"Service": "delivery.logs.amazonaws.com"}, write["Principal"])
	assert.Equal(t, testLogBucketArn+"/cloudfront/*", write["Resource"])
	condition := write["Condition"].(map[string]any)
	assert.Equal(t, testAccountID, condition["StringEquals"].(map[string]any)["aws:SourceAccount"])
	sourceArn := condition["ArnLike"].(map[string]any)["aws:SourceArn"].(string)
	assert.Equal(t, "arn:aws:logs:us-east-1:"+testAccountID+":delivery-source:app-test-edge-*", sourceArn)
	assert.True(t, anyMatches([]string{sourceArn}, "arn:aws:logs:us-east-1:"+testAccountID+":delivery-source:app-test-edge-api"))
	assert.False(t, anyMatches([]string{sourceArn}, "arn:aws:logs:us-east-1:"+testAccountID+":delivery-source:other-edge-api"))

	check := statement(t, doc, "AllowCloudFrontAccessLogAclCheck")
	assert.Equal(t, testLogBucketArn, check["Resource"])
	assert.ElementsMatch(t, []string{"s3:GetBucketAcl", "s3:ListBucket"}, stringsOf(check["Action"]))
}

func TestEdgeCustomDomain(t *testing.T) {
	args := edgeTestArgs(t)
	args.DomainName = "api.example.com"
	args.UserContentDomainName = "files.example.com"
	args.HostedZoneId = testZoneID
	args.UserContent = userContentTestArgs()
	mocks, outputs := newTestEdge(t, args)

	certificate := find(t, mocks.Mocks, typeCertificate, "edge-certificate")
	assert.Contains(t, mocks.provider(typeCertificate, "edge-certificate"), "::edge-us-east-1::")
	assert.Equal(t, "api.example.com", certificate.Inputs["domainName"].StringValue())
	assert.Equal(t, []string{"files.example.com"}, edgeStrings(certificate.Inputs, "subjectAlternativeNames"))
	assert.Equal(t, "DNS", certificate.Inputs["validationMethod"].StringValue())

	var fqdns []string
	for _, option := range objectList(t, certificate.Outputs, "domainValidationOptions") {
		domain := option["domainName"].StringValue()
		record := find(t, mocks.Mocks, typeRecord, "edge-validation-"+strings.ReplaceAll(domain, ".", "-"))
		assert.Equal(t, testZoneID, record.Inputs["zoneId"].StringValue())
		assert.Equal(t, option["resourceRecordName"].StringValue(), record.Inputs["name"].StringValue())
		assert.Equal(t, "CNAME", record.Inputs["type"].StringValue())
		assert.Equal(t, []string{option["resourceRecordValue"].StringValue()}, edgeStrings(record.Inputs, "records"))
		fqdns = append(fqdns, record.Outputs["fqdn"].StringValue())
	}
	require.Len(t, fqdns, 2)
	validation := find(t, mocks.Mocks, typeCertificateValidation, "edge-certificate-validation")
	assert.Equal(t, certificate.ID, validation.Inputs["certificateArn"].StringValue())
	assert.ElementsMatch(t, fqdns, edgeStrings(validation.Inputs, "validationRecordFqdns"))

	for _, tt := range []struct{ name, domain, url string }{
		{"edge-api", "api.example.com", outputs.url},
		{"edge-user-files", "files.example.com", outputs.userContentURL},
	} {
		distribution := find(t, mocks.Mocks, typeDistribution, tt.name)
		assert.Equal(t, []string{tt.domain}, edgeStrings(distribution.Inputs, "aliases"))
		viewer := object(t, distribution.Inputs, "viewerCertificate")
		assert.Equal(t, certificate.ID, viewer["acmCertificateArn"].StringValue())
		assert.Equal(t, "sni-only", viewer["sslSupportMethod"].StringValue())
		assert.Equal(t, "TLSv1.2_2021", viewer["minimumProtocolVersion"].StringValue())
		assert.NotContains(t, viewer, resource.PropertyKey("cloudfrontDefaultCertificate"))
		assert.Equal(t, "https://"+tt.domain, tt.url)
		for _, recordType := range []string{"a", "aaaa"} {
			alias := find(t, mocks.Mocks, typeRecord, tt.name+"-alias-"+recordType)
			assert.Equal(t, tt.domain, alias.Inputs["name"].StringValue())
			aliases := objectList(t, alias.Inputs, "aliases")
			require.Len(t, aliases, 1)
			assert.Equal(t, distribution.Outputs["domainName"].StringValue(), aliases[0]["name"].StringValue())
			assert.Equal(t, "Z2FDTNDATAQYW2", aliases[0]["zoneId"].StringValue())
		}
	}
}

func TestEdgeExistingCertificate(t *testing.T) {
	const arn = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
	args := edgeTestArgs(t)
	args.DomainName = "api.example.com"
	args.HostedZoneId = testZoneID
	args.CertificateArn = arn
	mocks, _ := newTestEdge(t, args)

	assert.Empty(t, mocks.ByType(typeCertificate))
	assert.Empty(t, mocks.ByType(typeCertificateValidation))
	viewer := object(t, find(t, mocks.Mocks, typeDistribution, "edge-api").Inputs, "viewerCertificate")
	assert.Equal(t, arn, viewer["acmCertificateArn"].StringValue())
}

func TestEdgeUserContentDistribution(t *testing.T) {
	args := edgeTestArgs(t)
	args.UserContent = userContentTestArgs()
	mocks, outputs := newTestEdge(t, args)

	control := find(t, mocks.Mocks, typeOriginAccessControl, "edge-user-files-access")
	assert.Equal(t, "s3", control.Inputs["originAccessControlOriginType"].StringValue())
	assert.Equal(t, "always", control.Inputs["signingBehavior"].StringValue())
	assert.Equal(t, "sigv4", control.Inputs["signingProtocol"].StringValue())

	distribution := find(t, mocks.Mocks, typeDistribution, "edge-user-files")
	assertParent(t, distribution, EdgeType, "edge")
	assert.Equal(t, outputs.webACLArn, distribution.Inputs["webAclId"].StringValue())
	origins := objectList(t, distribution.Inputs, "origins")
	require.Len(t, origins, 1)
	assert.Equal(t, testFilesDomain, origins[0]["domainName"].StringValue())
	assert.Equal(t, "/files", origins[0]["originPath"].StringValue(), "only promoted files are reachable")
	assert.Equal(t, control.ID, origins[0]["originAccessControlId"].StringValue())
	assert.NotContains(t, origins[0], resource.PropertyKey("customHeaders"), "the secret header goes only to the API")

	behavior := object(t, distribution.Inputs, "defaultCacheBehavior")
	assert.Equal(t, "https-only", behavior["viewerProtocolPolicy"].StringValue())
	assert.Equal(t, []string{"GET", "HEAD"}, edgeStrings(behavior, "allowedMethods"))
	assert.Equal(t, cachingOptimizedPolicyID, behavior["cachePolicyId"].StringValue())
	keyGroup := find(t, mocks.Mocks, typeKeyGroup, "edge-signers")
	assert.Equal(t, []string{keyGroup.ID}, edgeStrings(behavior, "trustedKeyGroups"), "only signed URLs")
	assert.Equal(t, keyGroup.ID, outputs.keyGroupID)
	publicKey := find(t, mocks.Mocks, typePublicKey, "edge-signer-0")
	assert.Equal(t, testPublicKey, publicKey.Inputs["encodedKey"].StringValue())
	assert.Equal(t, []string{publicKey.ID}, edgeStrings(keyGroup.Inputs, "items"))

	headers := find(t, mocks.Mocks, typeResponseHeadersPolicy, "edge-user-files-headers")
	assert.Equal(t, headers.ID, behavior["responseHeadersPolicyId"].StringValue())
	csp := object(t, object(t, headers.Inputs, "securityHeadersConfig"), "contentSecurityPolicy")
	assert.Equal(t, "default-src 'none'; sandbox", csp["contentSecurityPolicy"].StringValue())

	assert.Equal(t, distribution.Outputs["arn"].StringValue(), outputs.userContentArn)
	assert.Equal(t, "https://"+distribution.Outputs["domainName"].StringValue(), outputs.userContentURL)
}

func TestEdgeWithoutUserContent(t *testing.T) {
	mocks, outputs := newTestEdge(t, edgeTestArgs(t))

	_, found := mocks.Find(typeDistribution, "edge-user-files")
	assert.False(t, found)
	assert.Empty(t, mocks.ByType(typeOriginAccessControl))
	assert.Empty(t, outputs.userContentArn)
	assert.Empty(t, outputs.userContentURL)
}

func TestEdgeKnobs(t *testing.T) {
	args := edgeTestArgs(t)
	args.PriceClass = PriceClassAll
	args.RotationDays = 7
	args.RateLimit = 500
	args.RateWindowSeconds = 60
	args.WAFPropagationSeconds = 120
	args.LogRetentionDays = 30
	args.KMSKeyDeletionWindowDays = 7
	mocks, _ := newTestEdge(t, args)

	assert.Equal(t, PriceClassAll, find(t, mocks.Mocks, typeDistribution, "edge-api").Inputs["priceClass"].StringValue())
	schedule := find(t, mocks.Mocks, typeSecretRotation, "edge-origin-secret-schedule")
	assert.Equal(t, float64(7), object(t, schedule.Inputs, "rotationRules")["automaticallyAfterDays"].NumberValue())
	rules := objectList(t, find(t, mocks.Mocks, typeEdgeWebACL, "edge-web-acl").Inputs, "rules")
	rate := object(t, object(t, rules[len(rules)-1], "statement"), "rateBasedStatement")
	assert.Equal(t, float64(500), rate["limit"].NumberValue())
	assert.Equal(t, float64(60), rate["evaluationWindowSec"].NumberValue())
	variables := object(t, object(t, find(t, mocks.Mocks, typeEdgeFunction, "edge-origin-secret-rotation").Inputs,
		"environment"), "variables")
	assert.Equal(t, "120", variables["WAF_PROPAGATION_SECONDS"].StringValue())
	assert.Equal(t, float64(30), find(t, mocks.Mocks, typeEdgeLogGroup, "edge-web-acl-logs").Inputs["retentionInDays"].NumberValue())
	for _, key := range []string{"edge-logs-key", "edge-origin-secret-key"} {
		assert.Equal(t, float64(7), find(t, mocks.Mocks, typeEdgeKey, key).Inputs["deletionWindowInDays"].NumberValue(), key)
	}
}

// TestEdgeWebACLOutsideUSEast1 is the field case of a CloudFront web ACL created with a provider for
// another region: AWS rejects it only when the deployment reaches it, so the component stops first.
func TestEdgeWebACLOutsideUSEast1(t *testing.T) {
	var aclRegistered bool
	mocks, err := runEdgeWithMocks(func(ctx *pulumi.Context) error {
		provider, err := aws.NewProvider(ctx, "eu-provider", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		args := edgeTestArgs(t)
		args.GlobalProvider = provider
		_, err = NewEdge(ctx, "edge", args)
		return err
	})

	require.Error(t, err)
	assert.Contains(t, err.Error(), `edge "edge": GlobalProvider has region "eu-west-1"`)
	assert.Contains(t, err.Error(), `pass an aws.Provider with Region "us-east-1"`)
	_, aclRegistered = mocks.Find(typeEdgeWebACL, "edge-web-acl")
	assert.False(t, aclRegistered, "the web ACL never reaches the provider")
	_, own := mocks.Find(typeAWSProvider, "edge-us-east-1")
	assert.False(t, own, "the given provider is used, not a new one")
}

func TestEdgeSharedUSEast1Provider(t *testing.T) {
	mocks, err := runEdgeWithMocks(func(ctx *pulumi.Context) error {
		provider, err := aws.NewProvider(ctx, "global", &aws.ProviderArgs{Region: pulumi.String(EdgeRegion)})
		if err != nil {
			return err
		}
		args := edgeTestArgs(t)
		args.GlobalProvider = provider
		_, err = NewEdge(ctx, "edge", args)
		return err
	})

	require.NoError(t, err)
	assert.Contains(t, mocks.provider(typeEdgeWebACL, "edge-web-acl"), "::global::")
	_, own := mocks.Find(typeAWSProvider, "edge-us-east-1")
	assert.False(t, own)
}

// keyPolicyEdge runs an edge whose user-files key policy comes from policyFor, which receives the
// user-content distribution's ARN, the way the platform builds it with a deferred output.
func keyPolicyEdge(t *testing.T, policyFor func(distributionArn string) string) error {
	t.Helper()
	_, err := runEdgeWithMocks(func(ctx *pulumi.Context) error {
		keyPolicy, resolve := pulumi.DeferredOutput[string](ctx.Context())
		args := edgeTestArgs(t)
		args.UserContent = userContentTestArgs()
		args.UserContent.KeyPolicy = pulumi.StringOutput{OutputState: keyPolicy.OutputState}
		edge, err := NewEdge(ctx, "edge", args)
		if err != nil {
			resolve(pulumi.String("{}").ToStringOutput())
			return err
		}
		resolve(edge.UserContentDistributionArn.ApplyT(policyFor).(pulumi.StringOutput))
		return nil
	})
	return err
}

// TestEdgeKeyPolicyWithoutCloudFrontGrant is the field case of CloudFront reading a KMS-encrypted bucket
// whose key policy does not let it decrypt: every file request would fail with 403, so the deployment
// fails instead.
func TestEdgeKeyPolicyWithoutCloudFrontGrant(t *testing.T) {
	account := awsAccount{ID: testAccountID, Partition: "aws", Region: testRegion, DNSSuffix: "amazonaws.com"}

	err := keyPolicyEdge(t, func(string) string { return keyPolicy(account) })

	require.Error(t, err)
	assert.Contains(t, err.Error(), `edge "edge": the user-files key policy does not let cloudfront.amazonaws.com use kms:Decrypt`)
	assert.Contains(t, err.Error(), "add UserContentKeyStatement")

	err = keyPolicyEdge(t, func(distributionArn string) string {
		return keyPolicy(account, UserContentKeyStatement(distributionArn))
	})
	assert.NoError(t, err, "the key policy with the grant passes")

	err = keyPolicyEdge(t, func(string) string {
		return keyPolicy(account, UserContentKeyStatement("arn:aws:cloudfront::123456789012:distribution/EOTHER"))
	})
	require.Error(t, err, "a grant to another distribution does not count")
}

func TestValidateUserContentKeyPolicy(t *testing.T) {
	const distribution = "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL"
	tests := []struct {
		name   string
		policy string
		valid  bool
	}{
		{
			name:   "grant as a list with ArnLike",
			policy: `{"Statement":[{"Effect":"Allow","Principal":{"Service":["cloudfront.amazonaws.com"]},"Action":["kms:Decrypt","kms:Encrypt"],"Resource":"*","Condition":{"ArnLike":{"AWS:SourceArn":"` + distribution + `"}}}]}`,
			valid:  true,
		},
		{
			name:   "single statement",
			policy: `{"Statement":{"Effect":"Allow","Principal":{"Service":"cloudfront.amazonaws.com"},"Action":"kms:*","Resource":"*","Condition":{"StringEquals":{"aws:SourceArn":["` + distribution + `"]}}}}`,
			valid:  true,
		},
		{
			name:   "without condition",
			policy: `{"Statement":[{"Effect":"Allow","Principal":{"Service":"cloudfront.amazonaws.com"},"Action":"kms:Decrypt","Resource":"*"}]}`,
		},
		{
			name:   "encrypt only",
			policy: `{"Statement":[{"Effect":"Allow","Principal":{"Service":"cloudfront.amazonaws.com"},"Action":"kms:Encrypt","Resource":"*","Condition":{"StringEquals":{"aws:SourceArn":"` + distribution + `"}}}]}`,
		},
		{
			name:   "deny",
			policy: `{"Statement":[{"Effect":"Deny","Principal":{"Service":"cloudfront.amazonaws.com"},"Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"aws:SourceArn":"` + distribution + `"}}}]}`,
		},
		{name: "not JSON", policy: "policy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateUserContentKeyPolicy(tt.policy, distribution)

			if tt.valid {
				assert.NoError(t, err)
			} else {
				assert.Error(t, err)
			}
		})
	}
}

func TestUserContentBucketStatements(t *testing.T) {
	const distribution = "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL"
	const other = "arn:aws:cloudfront::999999999999:distribution/EOTHERACCOUNT1"
	policy := func(exempt bool) map[string]any {
		text, err := userFilesBucketPolicy(userFilesPolicyValues{
			bucketArn: testFilesBucketArn, keyArn: "arn:aws:kms:us-east-1:123456789012:key/k", encryption: EncryptionKMS,
			scanning: true, scannerRole: "arn:aws:iam::123456789012:role/scanner",
			readers: []string{"arn:aws:iam::123456789012:role/files"},
			extra:   UserContentBucketStatements(testFilesBucketArn, distribution),
		})
		require.NoError(t, err)
		var doc map[string]any
		require.NoError(t, json.Unmarshal([]byte(text), &doc))
		if exempt {
			deny := statement(t, doc, "DenyObjectAccessToOtherPrincipals")
			condition := deny["Condition"].(map[string]any)
			for operator, entries := range UserContentDenyExemption(distribution) {
				condition[operator] = entries
			}
		}
		return doc
	}
	read := func(sourceArn string) s3Request {
		return secureRequest("s3:GetObject", testFilesBucketArn+"/files/user-1/file-1", "").
			with("aws:SourceArn", sourceArn).
			with("s3:ExistingObjectTag/"+ScanStatusTag, ScanStatusClean)
	}

	allow := statement(t, policy(false), "AllowUserContentDistributionReads")
	assert.Equal(t, map[string]any{"Service": "cloudfront.amazonaws.com"}, allow["Principal"])
	assert.Equal(t, testFilesBucketArn+"/files/*", allow["Resource"])

	assert.Equal(t, []string{"DenyObjectAccessToOtherPrincipals"}, denyingStatements(t, policy(false), read(distribution)),
		"without the exemption the bucket policy rejects CloudFront")
	assert.Empty(t, denyingStatements(t, policy(true), read(distribution)), "the exemption admits the distribution")
	assert.Contains(t, denyingStatements(t, policy(true), read(other)), "DenyObjectAccessToOtherPrincipals",
		"another distribution stays rejected")
	unscanned := secureRequest("s3:GetObject", testFilesBucketArn+"/files/user-1/file-1", "").
		with("aws:SourceArn", distribution).with("s3:ExistingObjectTag/"+ScanStatusTag, "THREATS_FOUND")
	assert.Contains(t, denyingStatements(t, policy(true), unscanned), "DenyReadsBeforeCleanScan",
		"CloudFront reads only files with a clean scan")
}

func TestEdgeRejectsInvalidArgs(t *testing.T) {
	tests := []struct {
		name   string
		modify func(args *EdgeArgs)
		want   []string
	}{
		{"disabled", func(a *EdgeArgs) { a.Enabled = false }, []string{"Enabled is false"}},
		{"missing name prefix", func(a *EdgeArgs) { a.NamePrefix = "" }, []string{"NamePrefix is empty"}},
		{"long name prefix", func(a *EdgeArgs) { a.NamePrefix = strings.Repeat("a", 41) }, []string{"at most 40"}},
		{"missing API domain", func(a *EdgeArgs) { a.APIDomain = nil }, []string{"APIDomain is missing"}},
		{"invalid stage", func(a *EdgeArgs) { a.APIStageName = "v1/beta" }, []string{`APIStageName "v1/beta" is invalid`}},
		{"missing log bucket", func(a *EdgeArgs) { a.LogBucketArn = nil }, []string{"LogBucketArn is missing"}},
		{
			"domain without zone",
			func(a *EdgeArgs) { a.DomainName = "api.example.com" },
			[]string{`DomainName is "api.example.com" but HostedZoneId is empty`},
		},
		{
			"invalid domain",
			func(a *EdgeArgs) { a.DomainName = "*.example.com"; a.HostedZoneId = testZoneID },
			[]string{`DomainName "*.example.com" is invalid`},
		},
		{
			"zone without domain",
			func(a *EdgeArgs) { a.HostedZoneId = testZoneID },
			[]string{"HostedZoneId is set without DomainName"},
		},
		{
			"invalid zone",
			func(a *EdgeArgs) { a.DomainName = "api.example.com"; a.HostedZoneId = "example.com" },
			[]string{`HostedZoneId "example.com" is invalid`},
		},
		{
			"certificate outside us-east-1",
			func(a *EdgeArgs) {
				a.DomainName, a.HostedZoneId = "api.example.com", testZoneID
				a.CertificateArn = "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
			},
			[]string{"is in region eu-west-1; CloudFront accepts only ACM certificates in us-east-1"},
		},
		{
			"certificate without domain",
			func(a *EdgeArgs) {
				a.CertificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
			},
			[]string{"CertificateArn is set without DomainName"},
		},
		{
			"invalid certificate",
			func(a *EdgeArgs) {
				a.DomainName, a.HostedZoneId, a.CertificateArn = "api.example.com", testZoneID, "cert"
			},
			[]string{`CertificateArn "cert" is invalid`},
		},
		{
			"user content domain without user content",
			func(a *EdgeArgs) { a.UserContentDomainName, a.HostedZoneId = "files.example.com", testZoneID },
			[]string{`UserContentDomainName is "files.example.com" without UserContent`},
		},
		{
			"user content on the application domain",
			func(a *EdgeArgs) {
				a.DomainName, a.UserContentDomainName, a.HostedZoneId = "app.example.com", "app.example.com", testZoneID
				a.UserContent = userContentTestArgs()
			},
			[]string{`UserContentDomainName equals DomainName "app.example.com"`},
		},
		{"price class", func(a *EdgeArgs) { a.PriceClass = "PriceClass_50" }, []string{`PriceClass "PriceClass_50" is invalid`}},
		{"rotation days", func(a *EdgeArgs) { a.RotationDays = 1001 }, []string{"RotationDays is 1001, must be 1 to 1000"}},
		{"rate limit", func(a *EdgeArgs) { a.RateLimit = 5 }, []string{"RateLimit is 5, must be 10 to 2000000000"}},
		{"rate window", func(a *EdgeArgs) { a.RateWindowSeconds = 30 }, []string{"RateWindowSeconds is 30"}},
		{
			"WAF propagation",
			func(a *EdgeArgs) { a.WAFPropagationSeconds = 601 },
			[]string{"WAFPropagationSeconds is 601, must be 1 to 600"},
		},
		{"log retention", func(a *EdgeArgs) { a.LogRetentionDays = 10 }, []string{"LogRetentionDays is 10"}},
		{"key deletion window", func(a *EdgeArgs) { a.KMSKeyDeletionWindowDays = 31 }, []string{"KMSKeyDeletionWindowDays is 31"}},
		{
			"missing source directory",
			func(a *EdgeArgs) { a.RotationFunction.SourceDir = "" },
			[]string{"RotationFunction.SourceDir is empty"},
		},
		{
			"user content without keys",
			func(a *EdgeArgs) { a.UserContent = userContentTestArgs(); a.UserContent.PublicKeysPEM = nil },
			[]string{"UserContent.PublicKeysPEM has 0 keys, must have 1 to 5"},
		},
		{
			"user content with a private key",
			func(a *EdgeArgs) {
				a.UserContent = userContentTestArgs()
				a.UserContent.PublicKeysPEM = []string{"-----BEGIN PRIVATE KEY-----"}
			},
			[]string{"UserContent.PublicKeysPEM[0] is not a PEM public key"},
		},
		{
			"user content without bucket",
			func(a *EdgeArgs) { a.UserContent = userContentTestArgs(); a.UserContent.BucketArn = nil },
			[]string{"UserContent.BucketArn is missing"},
		},
		{
			"every error at once",
			func(a *EdgeArgs) { a.PriceClass, a.RateLimit = "cheap", 1 },
			[]string{`PriceClass "cheap" is invalid`, "RateLimit is 1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := edgeTestArgs(t)
			tt.modify(&args)

			err := edgeError(t, args)

			require.Error(t, err)
			assert.Contains(t, err.Error(), `edge "edge"`)
			for _, want := range tt.want {
				assert.Contains(t, err.Error(), want)
			}
		})
	}
}
