// Five reference rules for the Node.js policy SDK (@pulumi/policy), the twin of the Go pack in
// bench/internal/fiverules. Both have the same pack name, policy names, type tokens and violation
// messages, so bench/policyref can check that they report the same violations.
"use strict";

const { PolicyPack } = require("@pulumi/policy");

const typeS3Bucket = "aws:s3/bucket:Bucket";
const typeS3BucketV2 = "aws:s3/bucketV2:BucketV2";
const typeS3BucketACLV2 = "aws:s3/bucketAclV2:BucketAclV2";
const typeLambdaFunction = "aws:lambda/function:Function";
const typeSecurityGroup = "aws:ec2/securityGroup:SecurityGroup";
const typeSecurityGroupRule = "aws:ec2/securityGroupRule:SecurityGroupRule";
const typeVPCSecurityGroupIngress = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const typeIAMRole = "aws:iam/role:Role";
const typeIAMRolePolicy = "aws:iam/rolePolicy:RolePolicy";
const typeIAMUserPolicy = "aws:iam/userPolicy:UserPolicy";
const typeIAMGroupPolicy = "aws:iam/groupPolicy:GroupPolicy";

const publicReadACLs = new Set(["public-read", "public-read-write"]);

// The same list as DeprecatedLambdaRuntimes in bench/internal/fiverules/lambda.go.
const deprecatedLambdaRuntimes = new Set([
    "nodejs", "nodejs4.3", "nodejs4.3-edge", "nodejs6.10", "nodejs8.10", "nodejs10.x", "nodejs12.x",
    "nodejs14.x", "nodejs16.x", "nodejs18.x",
    "python2.7", "python3.6", "python3.7", "python3.8", "python3.9",
    "ruby2.5", "ruby2.7",
    "java8",
    "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1", "dotnetcore3.1", "dotnet5.0", "dotnet6", "dotnet7",
    "go1.x", "provided",
]);

const sshPort = 22;
const anyIPv4Range = "0.0.0.0/0";

// report prefixes the message with the resource's type and name, as the Go pack server does.
function report(reportViolation, args, message) {
    reportViolation(`${args.type} ${JSON.stringify(args.name)}: ${message}`);
}

function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

function oneOrMany(value) {
    return Array.isArray(value) ? value : [value];
}

function validateBucketNoPublicReadACL(args, reportViolation) {
    if (![typeS3Bucket, typeS3BucketV2, typeS3BucketACLV2].includes(args.type)) {
        return;
    }
    const acl = args.props.acl;
    if (typeof acl === "string" && publicReadACLs.has(acl)) {
        report(reportViolation, args,
            `acl is ${JSON.stringify(acl)}, expected a canned ACL without public read access such as "private".`);
    }
}

function validateLambdaRuntimeNotDeprecated(args, reportViolation) {
    if (args.type !== typeLambdaFunction) {
        return;
    }
    const runtime = args.props.runtime;
    if (typeof runtime === "string" && deprecatedLambdaRuntimes.has(runtime)) {
        report(reportViolation, args,
            `runtime is ${JSON.stringify(runtime)}, which AWS Lambda has deprecated, expected a supported runtime.`);
    }
}

function validateLambdaFunctionInVPC(args, reportViolation) {
    if (args.type !== typeLambdaFunction) {
        return;
    }
    const config = args.props.vpcConfig;
    if (!isObject(config)) {
        report(reportViolation, args, "vpcConfig is not set, expected subnetIds and securityGroupIds.");
        return;
    }
    for (const setting of ["subnetIds", "securityGroupIds"]) {
        const ids = config[setting];
        if (!Array.isArray(ids) || ids.length === 0) {
            report(reportViolation, args, `vpcConfig.${setting} is empty, expected at least one ID.`);
        }
    }
}

// checkIngress reports an ingress rule that admits 0.0.0.0/0 to TCP port 22, as checkIngress in the
// Go pack does.
function checkIngress(args, reportViolation, prefix, rule, protocolKey, cidrKey) {
    const cidrs = rule[cidrKey];
    const ranges = typeof cidrs === "string" ? [cidrs] : (Array.isArray(cidrs) ? cidrs : []);
    if (!ranges.includes(anyIPv4Range)) {
        return;
    }
    const protocol = rule[protocolKey];
    if (protocol === "-1" || protocol === "all") {
        report(reportViolation, args, `${prefix}${protocolKey} is ${JSON.stringify(protocol)} from ${anyIPv4Range}, ` +
            `which includes SSH, expected no SSH from ${anyIPv4Range}.`);
    } else if (protocol === "tcp" || protocol === "6") {
        const from = rule.fromPort;
        const to = rule.toPort;
        if (typeof from === "number" && typeof to === "number" && from <= sshPort && sshPort <= to) {
            report(reportViolation, args, `${prefix}fromPort ${String(from)} to toPort ${String(to)} admits SSH ` +
                `from ${anyIPv4Range}, expected no SSH from ${anyIPv4Range}.`);
        }
    }
}

function validateSecurityGroupNoPublicSSH(args, reportViolation) {
    const props = args.props;
    switch (args.type) {
    case typeSecurityGroup: {
        const ingress = Array.isArray(props.ingress) ? props.ingress : [];
        ingress.forEach((rule, i) => {
            if (isObject(rule)) {
                checkIngress(args, reportViolation, `ingress[${i}].`, rule, "protocol", "cidrBlocks");
            }
        });
        break;
    }
    case typeSecurityGroupRule:
        if (props.type === "ingress") {
            checkIngress(args, reportViolation, "", props, "protocol", "cidrBlocks");
        }
        break;
    case typeVPCSecurityGroupIngress:
        checkIngress(args, reportViolation, "", props, "ipProtocol", "cidrIpv4");
        break;
    }
}

// checkPolicyDocument reports each statement of the JSON policy document that allows action "*" on
// resource "*". A document that is not valid JSON is left to AWS, which rejects it.
function checkPolicyDocument(args, reportViolation, path, document) {
    if (typeof document !== "string") {
        return;
    }
    let parsed;
    try {
        parsed = JSON.parse(document);
    } catch (e) {
        return;
    }
    if (!isObject(parsed)) {
        return;
    }
    oneOrMany(parsed.Statement).forEach((statement, i) => {
        if (!isObject(statement) || statement.Effect !== "Allow") {
            return;
        }
        if (oneOrMany(statement.Action).includes("*") && oneOrMany(statement.Resource).includes("*")) {
            report(reportViolation, args, `${path} Statement[${i}] allows Action "*" on Resource "*", ` +
                "expected named actions and resources.");
        }
    });
}

function validateIAMInlinePolicyNoAdmin(args, reportViolation) {
    switch (args.type) {
    case typeIAMRolePolicy:
    case typeIAMUserPolicy:
    case typeIAMGroupPolicy:
        checkPolicyDocument(args, reportViolation, "policy", args.props.policy);
        break;
    case typeIAMRole: {
        const inline = Array.isArray(args.props.inlinePolicies) ? args.props.inlinePolicies : [];
        inline.forEach((entry, i) => {
            if (isObject(entry)) {
                checkPolicyDocument(args, reportViolation, `inlinePolicies[${i}].policy`, entry.policy);
            }
        });
        break;
    }
    }
}

new PolicyPack("policyref-five-rules", {
    enforcementLevel: "mandatory",
    policies: [
        {
            name: "s3-bucket-no-public-read-acl",
            description: "S3 buckets must not have a public-read canned ACL.",
            severity: "critical",
            validateResource: validateBucketNoPublicReadACL,
        },
        {
            name: "lambda-runtime-not-deprecated",
            description: "Lambda functions must not use a deprecated runtime.",
            severity: "high",
            validateResource: validateLambdaRuntimeNotDeprecated,
        },
        {
            name: "lambda-function-in-vpc",
            description: "Lambda functions must run in a VPC, with subnets and security groups.",
            severity: "medium",
            validateResource: validateLambdaFunctionInVPC,
        },
        {
            name: "security-group-no-public-ssh",
            description: "Security groups must not allow SSH (TCP port 22) from 0.0.0.0/0.",
            severity: "high",
            validateResource: validateSecurityGroupNoPublicSSH,
        },
        {
            name: "iam-inline-policy-no-admin",
            description: "IAM inline policies must not allow every action on every resource.",
            severity: "critical",
            validateResource: validateIAMInlinePolicyNoAdmin,
        },
    ],
});
