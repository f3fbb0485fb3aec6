package fakeaws

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// The types of the audit trail, the alarms and dashboard, AWS Backup and the account baseline (GuardDuty,
// AWS Config, Security Hub, IAM Access Analyzer and API Gateway's account settings), with the ids and
// computed outputs that pulumi-aws v6.83.4 gives them.
func init() {
	registerAuditAndAlarmTypes()
	registerBackupTypes()
	registerBaselineTypes()
}

// registerAuditAndAlarmTypes adds CloudTrail, the SNS topic policy and subscription, and the CloudWatch
// metric filter, alarm and dashboard.
func registerAuditAndAlarmTypes() {
	// A trail's id is its ARN.
	register("aws:cloudtrail/trail:Trail", &typeSpec{
		autoname: &autonameRule{property: "name", maxLength: 128},
		required: []string{"s3BucketName"},
		defaults: resource.PropertyMap{
			"enableLogFileValidation":    resource.NewBoolProperty(false),
			"enableLogging":              resource.NewBoolProperty(true),
			"includeGlobalServiceEvents": resource.NewBoolProperty(true),
			"isMultiRegionTrail":         resource.NewBoolProperty(false),
			"isOrganizationTrail":        resource.NewBoolProperty(false),
		},
		taggable: true,
		id: func(c *resourceContext) (string, error) {
			name, err := nameOrGeneratedID(c)
			if err != nil {
				return "", err
			}
			return c.regionalARN("cloudtrail", "trail/"+name), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"arn":        resource.NewStringProperty(c.id),
				"homeRegion": resource.NewStringProperty(c.model.Region),
			}
		},
	})

	// A topic policy's id is the topic ARN.
	register("aws:sns/topicPolicy:TopicPolicy", &typeSpec{
		required: []string{"arn", "policy"},
		id:       inputID("arn"),
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{"owner": resource.NewStringProperty(c.model.AccountID)}
		},
	})

	// A subscription's id is its ARN, the topic ARN followed by a UUID. Email and HTTP(S) subscriptions stay
	// pending until the endpoint confirms them.
	register("aws:sns/topicSubscription:TopicSubscription", &typeSpec{
		required: []string{"endpoint", "protocol", "topic"},
		defaults: resource.PropertyMap{
			"confirmationTimeoutInMinutes": resource.NewNumberProperty(1),
			"endpointAutoConfirms":         resource.NewBoolProperty(false),
			"rawMessageDelivery":           resource.NewBoolProperty(false),
		},
		id: func(c *resourceContext) (string, error) {
			topic, err := inputID("topic")(c)
			if err != nil {
				return "", err
			}
			return topic + ":" + deriveUUID(c.seed()...), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			protocol := c.str("protocol")
			pending := strings.HasPrefix(protocol, "email") || strings.HasPrefix(protocol, "http")
			return resource.PropertyMap{
				"arn":                          resource.NewStringProperty(c.id),
				"ownerId":                      resource.NewStringProperty(c.model.AccountID),
				"pendingConfirmation":          resource.NewBoolProperty(pending),
				"confirmationWasAuthenticated": resource.NewBoolProperty(false),
			}
		},
	})

	// A metric filter's id is its name.
	register("aws:cloudwatch/logMetricFilter:LogMetricFilter", &typeSpec{
		autoname: &autonameRule{property: "name", maxLength: 512},
		required: []string{"logGroupName", "metricTransformation", "pattern"},
		id:       nameOrGeneratedID,
	})

	// An alarm's id is its name.
	register("aws:cloudwatch/metricAlarm:MetricAlarm", &typeSpec{
		autoname: &autonameRule{property: "name", maxLength: 255},
		required: []string{"comparisonOperator", "evaluationPeriods"},
		defaults: resource.PropertyMap{
			"actionsEnabled":   resource.NewBoolProperty(true),
			"treatMissingData": resource.NewStringProperty("missing"),
		},
		taggable: true,
		id:       nameOrGeneratedID,
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"arn": resource.NewStringProperty(c.regionalARN("cloudwatch", "alarm:"+c.id)),
			}
		},
	})

	// A dashboard's id is its name. Dashboards are global, so the ARN has no region.
	register("aws:cloudwatch/dashboard:Dashboard", &typeSpec{
		required: []string{"dashboardBody", "dashboardName"},
		id:       inputID("dashboardName"),
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"dashboardArn": resource.NewStringProperty(c.globalARN("cloudwatch", "dashboard/"+c.id)),
			}
		},
	})
}

// registerBackupTypes adds the AWS Backup vault, plan and selection.
func registerBackupTypes() {
	// A vault's id is its name.
	register("aws:backup/vault:Vault", &typeSpec{
		autoname: &autonameRule{property: "name", maxLength: 50},
		defaults: resource.PropertyMap{"forceDestroy": resource.NewBoolProperty(false)},
		taggable: true,
		id:       nameOrGeneratedID,
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"arn":            resource.NewStringProperty(c.regionalARN("backup", "backup-vault:"+c.id)),
				"recoveryPoints": resource.NewNumberProperty(0),
			}
		},
	})

	// A plan's id is a UUID that AWS assigns.
	// NOTE: AWS gives each change of a plan a new version id, but the model keeps the first one.
	register("aws:backup/plan:Plan", &typeSpec{
		autoname: &autonameRule{property: "name", maxLength: 50},
		required: []string{"rules"},
		taggable: true,
		id: func(c *resourceContext) (string, error) {
			return deriveUUID(c.seed()...), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"arn":     resource.NewStringProperty(c.regionalARN("backup", "backup-plan:"+c.id)),
				"version": resource.NewStringProperty(deriveLowerAlphanumeric(32, "version", c.id)),
			}
		},
	})

	// A selection's id is a UUID that AWS assigns. A selection has no update: every input replaces it.
	register("aws:backup/selection:Selection", &typeSpec{
		autoname: &autonameRule{property: "name", maxLength: 50},
		required: []string{"iamRoleArn", "planId"},
		id: func(c *resourceContext) (string, error) {
			return deriveUUID(c.seed()...), nil
		},
	})
}

// registerBaselineTypes adds the account-level services of the baseline project.
func registerBaselineTypes() {
	// A detector's id is 32 lowercase hex characters.
	register("aws:guardduty/detector:Detector", &typeSpec{
		defaults: resource.PropertyMap{"enable": resource.NewBoolProperty(true)},
		taggable: true,
		id: func(c *resourceContext) (string, error) {
			return deriveHex(32, c.seed()...), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"arn":                        resource.NewStringProperty(c.regionalARN("guardduty", "detector/"+c.id)),
				"accountId":                  resource.NewStringProperty(c.model.AccountID),
				"findingPublishingFrequency": resource.NewStringProperty("SIX_HOURS"),
			}
		},
	})

	// A detector feature's id is "<detector id>/<feature name>".
	register("aws:guardduty/detectorFeature:DetectorFeature", &typeSpec{
		required: []string{"detectorId", "name", "status"},
		id: func(c *resourceContext) (string, error) {
			detector, err := inputID("detectorId")(c)
			if err != nil {
				return "", err
			}
			return detector + "/" + c.str("name"), nil
		},
	})

	// A recorder's, delivery channel's and recorder status's id is the name, "default" unless set.
	register("aws:cfg/recorder:Recorder", &typeSpec{
		required: []string{"roleArn"},
		defaults: resource.PropertyMap{"name": resource.NewStringProperty(defaultConfigName)},
		id:       inputID("name"),
		computed: func(*resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"recordingGroup": resource.NewObjectProperty(resource.PropertyMap{
					"allSupported":               resource.NewBoolProperty(true),
					"includeGlobalResourceTypes": resource.NewBoolProperty(false),
				}),
			}
		},
	})
	register("aws:cfg/deliveryChannel:DeliveryChannel", &typeSpec{
		required: []string{"s3BucketName"},
		defaults: resource.PropertyMap{"name": resource.NewStringProperty(defaultConfigName)},
		id:       inputID("name"),
	})
	register("aws:cfg/recorderStatus:RecorderStatus", &typeSpec{
		required: []string{"isEnabled", "name"},
		id:       inputID("name"),
	})

	// Security Hub's id is the account id, and its ARN names the hub "default".
	register("aws:securityhub/account:Account", &typeSpec{
		defaults: resource.PropertyMap{
			"autoEnableControls":     resource.NewBoolProperty(true),
			"enableDefaultStandards": resource.NewBoolProperty(true),
		},
		id: func(c *resourceContext) (string, error) {
			return c.model.AccountID, nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"arn":                     resource.NewStringProperty(c.regionalARN("securityhub", "hub/default")),
				"controlFindingGenerator": resource.NewStringProperty("SECURITY_CONTROL"),
			}
		},
	})

	// A standards subscription's id is its ARN, the subscription/<standard>/v/<version> of the account.
	register("aws:securityhub/standardsSubscription:StandardsSubscription", &typeSpec{
		required: []string{"standardsArn"},
		id: func(c *resourceContext) (string, error) {
			standard, err := inputID("standardsArn")(c)
			if err != nil {
				return "", err
			}
			path := standard[strings.LastIndex(standard, ":")+1:]
			path = strings.TrimPrefix(strings.TrimPrefix(path, "standards/"), "ruleset/")
			return c.regionalARN("securityhub", "subscription/"+path), nil
		},
	})

	// An analyzer's id is its name.
	register("aws:accessanalyzer/analyzer:Analyzer", &typeSpec{
		required: []string{"analyzerName"},
		defaults: resource.PropertyMap{"type": resource.NewStringProperty("ACCOUNT")},
		taggable: true,
		id:       inputID("analyzerName"),
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"arn": resource.NewStringProperty(c.regionalARN("access-analyzer", "analyzer/"+c.id)),
			}
		},
	})

	// API Gateway's account settings exist once per region, under a fixed id.
	register("aws:apigateway/account:Account", &typeSpec{
		id: func(*resourceContext) (string, error) {
			return apiGatewayAccountID, nil
		},
		computed: func(*resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"apiKeyVersion": resource.NewStringProperty("4"),
				"features":      stringArray("UsagePlans"),
			}
		},
	})
}

// defaultConfigName is the name AWS Config gives a recorder or delivery channel created without one.
const defaultConfigName = "default"

// apiGatewayAccountID is the id the aws provider gives API Gateway's account settings.
const apiGatewayAccountID = "api-gateway-account"
