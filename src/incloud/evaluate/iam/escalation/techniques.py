"""The privilege-escalation technique catalogue, as data.

Each technique names the requests an attacker must be allowed to make (action and the resource
it is made on), what kind of target it needs in the account, and what it yields: the target
principal's permissions (``become``), or administrator rights for a principal whose policies it
rewrites (``grant``). Sources: Rhino Security Labs, "AWS IAM Privilege Escalation - Methods and
Mitigation" (Spencer Gietzen, 2018; numbered methods 1-21), BishopFox iam-vulnerable
(privesc paths of the same numbers plus the SageMaker, CodeBuild, SSM, EC2 Instance Connect,
CloudFormation UpdateStack and AssumeRole paths), and Datadog's pathfinding.cloud catalogue
(path ids such as ``ec2-002``; the others by the name the catalogue gives them, its required
permissions joined by ``+``).
"""

from __future__ import annotations

from . import families
from .technique import BISHOPFOX, PATHFINDING, RHINO, Need, Technique

_FUNCTION = "arn:aws:lambda:{region}:{account}:function:*"
_TRIGGER = "arn:aws:glue:{region}:{account}:trigger/*"
_STACK_SET = "arn:aws:cloudformation:{region}:{account}:stackset/*"
_JOB_QUEUE = "arn:aws:batch:{region}:{account}:job-queue/*"
_JOB_DEFINITION = "arn:aws:batch:{region}:{account}:job-definition/*"
_IMAGEBUILDER = "arn:aws:imagebuilder:{{region}}:{{account}}:{kind}/*"

TECHNIQUES: tuple[Technique, ...] = (
    # Credentials of another user (Rhino 4, 5, 6).
    Technique(
        "create-access-key",
        "Create an access key for another user",
        "user",
        (Need("iam:CreateAccessKey"),),
        "become",
        f"{RHINO} #4; {BISHOPFOX} privesc4",
    ),
    Technique(
        "create-login-profile",
        "Set a console password for a user that has none",
        "user",
        (Need("iam:CreateLoginProfile"),),
        "become",
        f"{RHINO} #5; {BISHOPFOX} privesc5",
    ),
    Technique(
        "delete-create-access-key",
        "Delete one of the two access keys of another user, then create one",
        "user",
        (Need("iam:DeleteAccessKey"), Need("iam:CreateAccessKey")),
        "become",
        f"{PATHFINDING} iam-003 (iam:CreateAccessKey + iam:DeleteAccessKey)",
    ),
    Technique(
        "update-login-profile",
        "Reset another user's console password",
        "user",
        (Need("iam:UpdateLoginProfile"),),
        "become",
        f"{RHINO} #6; {BISHOPFOX} privesc6",
    ),
    # Roles (Rhino 14; iam-vulnerable privesc-assumerole).
    Technique(
        "assume-role",
        "Assume a role whose trust policy allows it",
        "role-trust",
        (Need("sts:AssumeRole"),),
        "become",
        f"{BISHOPFOX} privesc-assumerole",
    ),
    Technique(
        "update-assume-role-policy",
        "Rewrite a role's trust policy to trust oneself, then assume it",
        "role-retrust",
        (Need("iam:UpdateAssumeRolePolicy"), Need("sts:AssumeRole")),
        "become",
        f"{RHINO} #14; {BISHOPFOX} privesc14",
    ),
    # Rewriting one's own (or a reachable principal's) policies (Rhino 1, 2, 7-13).
    Technique(
        "attach-user-policy",
        "Attach AdministratorAccess to a user",
        "self-user",
        (Need("iam:AttachUserPolicy"),),
        "grant",
        f"{RHINO} #7; {BISHOPFOX} privesc7",
    ),
    Technique(
        "attach-group-policy",
        "Attach AdministratorAccess to a group",
        "group",
        (Need("iam:AttachGroupPolicy"),),
        "grant",
        f"{RHINO} #8; {BISHOPFOX} privesc8",
    ),
    Technique(
        "attach-role-policy",
        "Attach AdministratorAccess to a role",
        "self-role",
        (Need("iam:AttachRolePolicy"),),
        "grant",
        f"{RHINO} #9; {BISHOPFOX} privesc9",
    ),
    Technique(
        "put-user-policy",
        "Write an administrator inline policy on a user",
        "self-user",
        (Need("iam:PutUserPolicy"),),
        "grant",
        f"{RHINO} #10; {BISHOPFOX} privesc10",
    ),
    Technique(
        "put-group-policy",
        "Write an administrator inline policy on a group",
        "group",
        (Need("iam:PutGroupPolicy"),),
        "grant",
        f"{RHINO} #11; {BISHOPFOX} privesc11",
    ),
    Technique(
        "put-role-policy",
        "Write an administrator inline policy on a role",
        "self-role",
        (Need("iam:PutRolePolicy"),),
        "grant",
        f"{RHINO} #12; {BISHOPFOX} privesc12",
    ),
    Technique(
        "create-policy-version",
        "Create a new default version of an attached managed policy",
        "policy-version",
        (Need("iam:CreatePolicyVersion"),),
        "grant",
        f"{RHINO} #1; {BISHOPFOX} privesc1",
    ),
    Technique(
        "set-default-policy-version",
        "Make another (more permissive) version of an attached managed policy the default",
        "default-version",
        (Need("iam:SetDefaultPolicyVersion"),),
        "grant",
        f"{RHINO} #2; {BISHOPFOX} privesc2",
    ),
    Technique(
        "add-user-to-group",
        "Add oneself to a more privileged group",
        "join-group",
        (Need("iam:AddUserToGroup"),),
        "become",
        f"{RHINO} #13; {BISHOPFOX} privesc13",
    ),
    # Passing a role to a new service resource (Rhino 3, 15, 16, 18, 20, 21; BishopFox).
    Technique(
        "ec2-run-instances",
        "Launch an instance with an existing instance profile of the role",
        "pass-role",
        (
            Need("iam:PassRole"),
            Need("ec2:RunInstances", "arn:aws:ec2:{region}:{account}:instance/*"),
        ),
        "become",
        f"{RHINO} #3; {BISHOPFOX} privesc3",
        service="ec2.amazonaws.com",
        requires_instance_profile=True,
    ),
    families.passed_role(
        "lambda-create-invoke",
        "Create a function running as the role and invoke it",
        "lambda.amazonaws.com",
        "lambda:CreateFunction",
        "lambda:InvokeFunction",
        resource=_FUNCTION,
        source=f"{RHINO} #15; {BISHOPFOX} privesc15",
    ),
    families.passed_role(
        "lambda-create-event-source",
        "Create a function running as the role, triggered by an event source mapping",
        "lambda.amazonaws.com",
        "lambda:CreateFunction",
        "lambda:CreateEventSourceMapping",
        resource=_FUNCTION,
        source=f"{RHINO} #16; {BISHOPFOX} privesc16",
    ),
    families.passed_role(
        "glue-create-dev-endpoint",
        "Create a Glue development endpoint running as the role",
        "glue.amazonaws.com",
        "glue:CreateDevEndpoint",
        resource="arn:aws:glue:{region}:{account}:devEndpoint/*",
        source=f"{RHINO} #18; {BISHOPFOX} privesc18",
    ),
    families.passed_role(
        "glue-create-job",
        "Create and start a Glue job running as the role",
        "glue.amazonaws.com",
        "glue:CreateJob",
        "glue:StartJobRun",
        resource="arn:aws:glue:{region}:{account}:job/*",
        source=f"incloud, by analogy with {RHINO} #18",
    ),
    families.passed_role(
        "cloudformation-create-stack",
        "Create a stack whose service role is the role",
        "cloudformation.amazonaws.com",
        "cloudformation:CreateStack",
        resource="arn:aws:cloudformation:{region}:{account}:stack/*",
        source=f"{RHINO} #20; {BISHOPFOX} privesc20",
    ),
    families.passed_role(
        "datapipeline-create",
        "Create and activate a pipeline running as the role",
        "datapipeline.amazonaws.com",
        "datapipeline:CreatePipeline",
        "datapipeline:PutPipelineDefinition",
        "datapipeline:ActivatePipeline",
        resource="arn:aws:datapipeline:{region}:{account}:pipeline/*",
        source=f"{RHINO} #21; {BISHOPFOX} privesc21",
    ),
    families.passed_role(
        "codebuild-create-project",
        "Create a CodeBuild project running as the role and start a build",
        "codebuild.amazonaws.com",
        "codebuild:CreateProject",
        "codebuild:StartBuild",
        resource="arn:aws:codebuild:{region}:{account}:project/*",
        source=f"{BISHOPFOX} privesc-codeBuildProject",
    ),
    families.passed_role(
        "codebuild-create-project-batch",
        "Create a CodeBuild project running as the role and start a batch build",
        "codebuild.amazonaws.com",
        "codebuild:CreateProject",
        "codebuild:StartBuildBatch",
        resource="arn:aws:codebuild:{region}:{account}:project/*",
        source=f"{BISHOPFOX} privesc-codeBuildProject",
    ),
    families.passed_role(
        "sagemaker-create-notebook",
        "Create a notebook instance running as the role and open it",
        "sagemaker.amazonaws.com",
        "sagemaker:CreateNotebookInstance",
        "sagemaker:CreatePresignedNotebookInstanceUrl",
        resource="arn:aws:sagemaker:{region}:{account}:notebook-instance/*",
        source=f"{BISHOPFOX} privesc-sageNotebook",
    ),
    families.passed_role(
        "sagemaker-create-training-job",
        "Create a training job running as the role",
        "sagemaker.amazonaws.com",
        "sagemaker:CreateTrainingJob",
        resource="arn:aws:sagemaker:{region}:{account}:training-job/*",
        source=f"{BISHOPFOX} privesc-sageTraining",
    ),
    families.passed_role(
        "sagemaker-create-processing-job",
        "Create a processing job running as the role",
        "sagemaker.amazonaws.com",
        "sagemaker:CreateProcessingJob",
        resource="arn:aws:sagemaker:{region}:{account}:processing-job/*",
        source=f"{BISHOPFOX} privesc-sageProcessing",
    ),
    families.ecs_task("run", create_cluster=False),
    # Existing resources that run as a role.
    Technique(
        "lambda-update-code",
        "Replace the code of an existing function running as the role",
        "lambda-function",
        (Need("lambda:UpdateFunctionCode"),),
        "become",
        f"{RHINO} #17; {BISHOPFOX} privesc17",
        service="lambda.amazonaws.com",
    ),
    Technique(
        "ssm-send-command",
        "Run a command on an instance whose profile carries the role",
        "instance",
        (Need("ssm:SendCommand"),),
        "become",
        f"{BISHOPFOX} privesc-ssm-command",
    ),
    Technique(
        "ssm-start-session",
        "Open a shell on an instance whose profile carries the role",
        "instance",
        (Need("ssm:StartSession"),),
        "become",
        f"{BISHOPFOX} privesc-ssm-session",
    ),
    Technique(
        "ec2-instance-connect",
        "Push an SSH key to an instance whose profile carries the role",
        "instance",
        (Need("ec2-instance-connect:SendSSHPublicKey"),),
        "become",
        f"{BISHOPFOX} privesc-instanceConnect",
    ),
    families.existing_workload(
        "glue-update-dev-endpoint",
        "Add one's SSH key to an existing Glue development endpoint running as the role",
        "glue-dev-endpoint",
        "glue:UpdateDevEndpoint",
        source=f"{RHINO} #19; {BISHOPFOX} privesc19",
    ),
    families.existing_workload(
        "cloudformation-update-stack",
        "Update an existing stack whose service role is the role",
        "cloudformation-stack",
        "cloudformation:UpdateStack",
        source=f"{BISHOPFOX} privesc-cfUpdateStack; {PATHFINDING} cloudformation:UpdateStack",
    ),
    families.existing_workload(
        "sagemaker-presigned-notebook-url",
        "Open an existing notebook instance running as the role",
        "sagemaker-notebook-in-service",
        "sagemaker:CreatePresignedNotebookInstanceUrl",
        source=f"{BISHOPFOX} privesc-sageUpdateURL",
    ),
    # Lifting one's own permissions boundary (pathfinding.cloud IAM paths).
    families.boundary_change("user", "Delete"),
    families.boundary_change("role", "Delete"),
    families.boundary_change("user", "Put"),
    families.boundary_change("role", "Put"),
    # New service resources running as a passed role (pathfinding.cloud).
    Technique(
        "lambda-create-add-permission",
        "Create a function running as the role, let oneself invoke it (resource policy), invoke it",
        "pass-role",
        (
            Need("iam:PassRole"),
            Need("lambda:CreateFunction", _FUNCTION),
            Need("lambda:AddPermission", _FUNCTION),
            Need("lambda:InvokeFunction", _FUNCTION),
        ),
        "become",
        f"{PATHFINDING} lambda-006 (iam:PassRole + lambda:CreateFunction + lambda:AddPermission)",
        service="lambda.amazonaws.com",
        self_granted=("lambda:InvokeFunction",),
    ),
    Technique(
        "ec2-request-spot-instances",
        "Request a spot instance with an existing instance profile of the role",
        "pass-role",
        (
            Need("iam:PassRole"),
            Need(
                "ec2:RequestSpotInstances",
                "arn:aws:ec2:{region}:{account}:spot-instances-request/*",
            ),
        ),
        "become",
        f"{PATHFINDING} ec2-003 (iam:PassRole + ec2:RequestSpotInstances)",
        service="ec2.amazonaws.com",
        requires_instance_profile=True,
    ),
    # Existing instances booted with new user data (pathfinding.cloud ec2-002).
    families.instance_user_data("running"),
    families.instance_user_data("stopped"),
    # ECS tasks started from a task definition with a passed task role (pathfinding.cloud).
    families.ecs_task("run", create_cluster=True),
    families.ecs_task("service", create_cluster=False),
    families.ecs_task("service", create_cluster=True),
    families.ecs_task("start", create_cluster=False),
    families.ecs_task("update", create_cluster=False),
    # Existing CodeBuild projects: a build started with a buildspec of one's own runs as the
    # project's service role (pathfinding.cloud CodeBuild paths).
    families.existing_workload(
        "codebuild-start-build",
        "Start a build of an existing project, overriding its buildspec",
        "codebuild-project",
        "codebuild:StartBuild",
        source=f"{PATHFINDING} codebuild:StartBuild (existing project, buildspec override)",
    ),
    families.existing_workload(
        "codebuild-start-build-batch",
        "Start a batch build of an existing project, overriding its buildspec",
        "codebuild-project",
        "codebuild:StartBuildBatch",
        source=f"{PATHFINDING} codebuild:StartBuildBatch (existing project, buildspec override)",
    ),
    # Existing CloudFormation stacks and stack sets that deploy as a role.
    families.existing_workload(
        "cloudformation-change-set",
        "Create and execute a change set on an existing stack whose service role is the role",
        "cloudformation-stack",
        "cloudformation:CreateChangeSet",
        "cloudformation:ExecuteChangeSet",
        source=f"{PATHFINDING} cloudformation:CreateChangeSet + cloudformation:ExecuteChangeSet",
    ),
    Technique(  # an update restates the administration role: a PassRole (CloudFormation API
        # Reference, UpdateStackSet AdministrationRoleARN: a customised one must be given again)
        "cloudformation-update-stack-set",
        "Update a self-managed stack set that deploys into its own account as the role",
        "workload",
        (Need("iam:PassRole", "{passes}"), Need("cloudformation:UpdateStackSet")),
        "become",
        f"{PATHFINDING} cloudformation-004 (iam:PassRole + cloudformation:UpdateStackSet)",
        service="cloudformation.amazonaws.com",
        workload="cloudformation-stack-set",
    ),
    Technique(
        "cloudformation-create-stack-set",
        "Create a stack set with the role as its administration role and deploy it into the "
        "account, as an execution role the administration role may assume",
        "stack-set-execution",
        (
            Need("iam:PassRole"),
            Need("cloudformation:CreateStackSet", _STACK_SET),
            Need("cloudformation:CreateStackInstances", _STACK_SET),
        ),
        "become",
        f"{PATHFINDING} cloudformation-003 (iam:PassRole + cloudformation:CreateStackSet + "
        "cloudformation:CreateStackInstances)",
        service="cloudformation.amazonaws.com",
    ),
    # Glue jobs changed to run as a passed role, started or triggered (pathfinding.cloud).
    families.passed_role(
        "glue-update-job",
        "Point an existing Glue job at the role and a script of one's own, and run it",
        "glue.amazonaws.com",
        Need("glue:UpdateJob", "{prerequisite}"),
        Need("glue:StartJobRun", "{prerequisite}"),
        resource="{prerequisite}",
        source=f"{PATHFINDING} iam:PassRole + glue:UpdateJob + glue:StartJobRun",
        prerequisite="glue-job",
    ),
    families.passed_role(
        "glue-update-job-trigger",
        "Point an existing Glue job at the role and a script of one's own, and trigger it",
        "glue.amazonaws.com",
        Need("glue:UpdateJob", "{prerequisite}"),
        Need("glue:CreateTrigger", _TRIGGER),
        resource="{prerequisite}",
        source=f"{PATHFINDING} iam:PassRole + glue:UpdateJob + glue:CreateTrigger",
        prerequisite="glue-job",
    ),
    families.passed_role(
        "glue-create-session",
        "Create a Glue interactive session running as the role and run a statement in it",
        "glue.amazonaws.com",
        "glue:CreateSession",
        "glue:RunStatement",
        resource="arn:aws:glue:{region}:{account}:session/*",
        source=f"{PATHFINDING} glue-007 (iam:PassRole + glue:CreateSession + glue:RunStatement)",
    ),
    families.passed_role(
        "glue-create-job-trigger",
        "Create a Glue job running as the role, started by a trigger of one's own",
        "glue.amazonaws.com",
        "glue:CreateJob",
        Need("glue:CreateTrigger", _TRIGGER),
        resource="arn:aws:glue:{region}:{account}:job/*",
        source=f"{PATHFINDING} iam:PassRole + glue:CreateJob + glue:CreateTrigger",
    ),
    # A launch template an Auto Scaling group follows, given a new default version.
    Technique(
        "ec2-launch-template-version",
        "Add a launch template version with the role's instance profile, make it the default "
        "of a template an Auto Scaling group launches from",
        "pass-role",
        (
            Need("iam:PassRole"),
            Need("ec2:CreateLaunchTemplateVersion", "{prerequisite}"),
            Need("ec2:ModifyLaunchTemplate", "{prerequisite}"),
        ),
        "become",
        f"{PATHFINDING} iam:PassRole + ec2:CreateLaunchTemplateVersion + ec2:ModifyLaunchTemplate",
        service="ec2.amazonaws.com",
        requires_instance_profile=True,
        prerequisite="auto-scaling-launch-template",
        note="the Auto Scaling group launches an instance from the new version",
    ),
    Technique(
        "ec2-launch-template-existing-profile",
        "Add a launch template version with new user data, keeping the instance profile of the "
        "role, and make it the default of a template an Auto Scaling group launches from",
        "workload",
        (Need("ec2:CreateLaunchTemplateVersion"), Need("ec2:ModifyLaunchTemplate")),
        "become",
        f"{PATHFINDING} ec2-004 (ec2:CreateLaunchTemplateVersion + ec2:ModifyLaunchTemplate)",
        workload="auto-scaling-launch-template-role",
        note="the Auto Scaling group launches an instance from the new version",
    ),
    families.passed_role(
        "apprunner-create-service",
        "Create an App Runner service whose instance role is the role",
        "tasks.apprunner.amazonaws.com",
        "apprunner:CreateService",
        resource="arn:aws:apprunner:{region}:{account}:service/*",
        source=f"{PATHFINDING} apprunner-001 (iam:PassRole + apprunner:CreateService)",
    ),
    families.passed_role(
        "bedrock-agentcore-code-interpreter",
        "Create a Bedrock AgentCore code interpreter whose execution role is the role, and run "
        "code in a session of it",
        "bedrock-agentcore.amazonaws.com",
        "bedrock-agentcore:CreateCodeInterpreter",
        "bedrock-agentcore:StartCodeInterpreterSession",
        "bedrock-agentcore:InvokeCodeInterpreter",
        resource="*",
        source=f"{PATHFINDING} bedrock-001 (iam:PassRole + bedrock-agentcore:CreateCodeInterpreter"
        " + StartCodeInterpreterSession + InvokeCodeInterpreter)",
    ),
    # More services that run code as a role passed to a resource one creates (pathfinding.cloud).
    families.passed_role(
        "ssm-automation-document",
        "Create an Automation document whose script step runs as the role, and start it",
        "ssm.amazonaws.com",
        Need("ssm:CreateDocument", "arn:aws:ssm:{region}:{account}:document/*"),
        Need(
            "ssm:StartAutomationExecution",
            "arn:aws:ssm:{region}:{account}:automation-definition/*",
        ),
        resource="*",
        source=f"{PATHFINDING} ssm-003 (iam:PassRole + ssm:CreateDocument + "
        "ssm:StartAutomationExecution)",
    ),
    families.passed_role(
        "batch-create-environment-submit",
        "Create a Batch compute environment and job queue, register a job definition whose job "
        "role is the role, and submit a job",
        "ecs-tasks.amazonaws.com",
        Need(
            "batch:CreateComputeEnvironment",
            "arn:aws:batch:{region}:{account}:compute-environment/*",
        ),
        Need("batch:CreateJobQueue", _JOB_QUEUE),
        Need("batch:RegisterJobDefinition", _JOB_DEFINITION),
        Need("batch:SubmitJob", _JOB_DEFINITION),
        Need("batch:SubmitJob", _JOB_QUEUE),
        resource="*",
        source=f"{PATHFINDING} batch-003 (iam:PassRole + batch:CreateComputeEnvironment + "
        "batch:CreateJobQueue + batch:RegisterJobDefinition + batch:SubmitJob)",
    ),
    families.passed_role(
        "emr-serverless-application",
        "Create an EMR Serverless application and start a job run as the role",
        "emr-serverless.amazonaws.com",
        "emr-serverless:CreateApplication",
        "emr-serverless:StartJobRun",
        resource="arn:aws:emr-serverless:{region}:{account}:/applications/*",
        source=f"{PATHFINDING} emrserverless-001 (iam:PassRole + emr-serverless:CreateApplication"
        " + emr-serverless:StartJobRun)",
    ),
    families.passed_role(
        "kinesis-analytics-application",
        "Create a Managed Service for Apache Flink application running as the role, start it",
        "kinesisanalytics.amazonaws.com",
        "kinesisanalytics:CreateApplication",
        "kinesisanalytics:StartApplication",
        resource="arn:aws:kinesisanalytics:{region}:{account}:application/*",
        source=f"{PATHFINDING} kinesisanalytics-001 (iam:PassRole + "
        "kinesisanalytics:CreateApplication + kinesisanalytics:StartApplication)",
    ),
    families.passed_role(
        "braket-create-job",
        "Create an Amazon Braket hybrid job whose algorithm script runs as the role",
        "braket.amazonaws.com",
        "braket:CreateJob",
        resource="arn:aws:braket:{region}:{account}:job/*",
        source=f"{PATHFINDING} braket-001 (iam:PassRole + braket:CreateJob)",
    ),
    families.passed_role(
        "gamelift-create-fleet",
        "Upload a GameLift build and create a fleet whose instances run it as the role",
        "gamelift.amazonaws.com",
        "gamelift:CreateBuild",
        "gamelift:RequestUploadCredentials",
        "gamelift:CreateFleet",
        resource="arn:aws:gamelift:{region}:{account}:build/*",
        source=f"{PATHFINDING} gamelift-001 (iam:PassRole + gamelift:CreateBuild + "
        "gamelift:RequestUploadCredentials + gamelift:CreateFleet)",
    ),
    Technique(
        "imagebuilder-create-image",
        "Build an image with Image Builder from a component of one's own, on an instance with "
        "the role's instance profile",
        "pass-role",
        (
            Need("iam:PassRole"),
            Need("imagebuilder:CreateComponent", _IMAGEBUILDER.format(kind="component")),
            Need("imagebuilder:CreateImageRecipe", _IMAGEBUILDER.format(kind="image-recipe")),
            Need(
                "imagebuilder:CreateInfrastructureConfiguration",
                _IMAGEBUILDER.format(kind="infrastructure-configuration"),
            ),
            Need("imagebuilder:CreateImage", _IMAGEBUILDER.format(kind="image")),
        ),
        "become",
        f"{PATHFINDING} imagebuilder-001 (iam:PassRole + imagebuilder:CreateComponent + "
        "CreateImageRecipe + CreateInfrastructureConfiguration + CreateImage)",
        service="ec2.amazonaws.com",
        requires_instance_profile=True,
    ),
    Technique(
        "omics-workflow-run",
        "Create a HealthOmics workflow and start a run as the role, its output (the role's "
        "credentials) written to S3",
        "pass-role",
        (
            Need("iam:PassRole"),
            Need("omics:CreateWorkflow", "arn:aws:omics:{region}:{account}:workflow/*"),
            Need("omics:StartRun", "arn:aws:omics:{region}:{account}:workflow/*"),
            Need("omics:StartRun", "arn:aws:omics:{region}:{account}:run/*"),
        ),
        "become",
        f"{PATHFINDING} omics-001 (iam:PassRole + omics:CreateWorkflow + omics:StartRun)",
        service="omics.amazonaws.com",
        note="the run writes the role's credentials to an S3 location the principal can read",
    ),
    Technique(
        "emr-run-job-flow",
        "Run an EMR cluster whose instances carry the role's instance profile, with a step or "
        "bootstrap action of one's own",
        "pass-role",
        (
            Need("iam:PassRole"),
            Need(  # the cluster's service role: a second role, one trusting EMR
                "iam:PassRole",
                "{prerequisite}",
                (("iam:PassedToService", "elasticmapreduce.amazonaws.com"),),
            ),
            Need(
                "elasticmapreduce:RunJobFlow",
                "arn:aws:elasticmapreduce:{region}:{account}:cluster/*",
            ),
        ),
        "become",
        f"{PATHFINDING} emr-001 (iam:PassRole + elasticmapreduce:RunJobFlow)",
        service="ec2.amazonaws.com",
        requires_instance_profile=True,
        prerequisite="emr-service-role",
    ),
    families.passed_role(
        "sagemaker-create-notebook-lifecycle",
        "Create a notebook instance running as the role with a lifecycle configuration of "
        "one's own (its on-create script runs as the role)",
        "sagemaker.amazonaws.com",
        Need(
            "sagemaker:CreateNotebookInstanceLifecycleConfig",
            "arn:aws:sagemaker:{region}:{account}:notebook-instance-lifecycle-config/*",
        ),
        "sagemaker:CreateNotebookInstance",
        resource="arn:aws:sagemaker:{region}:{account}:notebook-instance/*",
        source=f"{PATHFINDING} sagemaker-001 with the lifecycle script of sagemaker-005 "
        "(iam:PassRole + sagemaker:CreateNotebookInstance + "
        "sagemaker:CreateNotebookInstanceLifecycleConfig)",
    ),
    families.passed_role(
        "bedrock-agentcore-runtime",
        "Create a Bedrock AgentCore runtime whose execution role is the role and run a command "
        "in it",
        "bedrock-agentcore.amazonaws.com",
        "bedrock-agentcore:CreateAgentRuntime",
        "bedrock-agentcore:CreateAgentRuntimeEndpoint",
        "bedrock-agentcore:CreateWorkloadIdentity",
        "bedrock-agentcore:InvokeAgentRuntimeCommand",
        resource="*",
        source=f"{PATHFINDING} bedrock-003 (iam:PassRole + bedrock-agentcore:CreateAgentRuntime +"
        " InvokeAgentRuntimeCommand)",
    ),
    families.passed_role(
        "bedrock-agentcore-browser",
        "Create a Bedrock AgentCore browser whose execution role is the role and drive a "
        "session of it",
        "bedrock-agentcore.amazonaws.com",
        "bedrock-agentcore:CreateBrowser",
        "bedrock-agentcore:StartBrowserSession",
        "bedrock-agentcore:ConnectBrowserAutomationStream",
        resource="*",
        source=f"{PATHFINDING} bedrock-006 (iam:PassRole + bedrock-agentcore:CreateBrowser + "
        "StartBrowserSession + ConnectBrowserAutomationStream)",
    ),
    # SageMaker notebook instances restarted with a lifecycle configuration of one's own.
    Technique(
        "sagemaker-notebook-lifecycle-config",
        "Attach a lifecycle configuration of one's own to a notebook instance running as the "
        "role, and restart it",
        "workload",
        (
            Need(
                "sagemaker:CreateNotebookInstanceLifecycleConfig",
                "arn:aws:sagemaker:{region}:{account}:notebook-instance-lifecycle-config/*",
            ),
            Need("sagemaker:StopNotebookInstance"),
            Need("sagemaker:UpdateNotebookInstance"),
            Need("sagemaker:StartNotebookInstance"),
        ),
        "become",
        f"{PATHFINDING} sagemaker:CreateNotebookInstanceLifecycleConfig + "
        "sagemaker:StopNotebookInstance + sagemaker:UpdateNotebookInstance + "
        "sagemaker:StartNotebookInstance",
        workload="sagemaker-notebook",
    ),
    # Techniques on collected Batch, ECS task, CodeDeploy and Cognito resources
    families.passed_role(  # the role is the job role; on Fargate it can be the execution role too
        "batch-register-submit",
        "Register a Batch job definition whose job role is the role and submit a job of it to "
        "an existing queue",
        "ecs-tasks.amazonaws.com",
        "batch:RegisterJobDefinition",
        "batch:SubmitJob",  # SubmitJob is authorised on the job definition and on the queue
        Need("batch:SubmitJob", "{prerequisite}"),
        resource="arn:aws:batch:{region}:{account}:job-definition/*",
        source=f"{PATHFINDING} batch-001 (iam:PassRole + batch:RegisterJobDefinition + "
        "batch:SubmitJob)",
        prerequisite="batch-job-queue",
    ),
    Technique(
        "batch-submit-job",
        "Submit a job of an existing Batch job definition whose job role is the role to an "
        "existing queue, overriding its command",
        "workload",
        (Need("batch:SubmitJob"), Need("batch:SubmitJob", "{prerequisite}")),
        "become",
        f"{PATHFINDING} batch-002 (batch:SubmitJob)",
        workload="batch-job-definition",
        prerequisite="batch-job-queue",
    ),
    Technique(  # ExecuteCommand is authorised on the task and on its cluster (ECS Exec IAM)
        "ecs-execute-command",
        "Open a shell with ECS Exec in a running task whose task role is the role",
        "workload",
        (
            Need("ecs:ExecuteCommand"),
            Need("ecs:ExecuteCommand", "arn:aws:ecs:{region}:{account}:cluster/*"),
            Need("ecs:DescribeTasks"),
        ),
        "become",
        f"{PATHFINDING} ecs-006 (ecs:ExecuteCommand + ecs:DescribeTasks)",
        workload="ecs-exec-task",
    ),
    # An existing task definition run with overrides naming the role as its task role, no new
    # definition: ECS passes the definition's execution role too (when it names one).
    families.passed_role(
        "ecs-run-task-override",
        "Run a task of an existing task definition, overriding its task role with the role",
        "ecs-tasks.amazonaws.com",
        Need("iam:PassRole", "{passes}"),
        "ecs:RunTask",
        resource="{prerequisite}",
        source=f"{PATHFINDING} ecs-008 (iam:PassRole + ecs:RunTask with overrides)",
        prerequisite="ecs-task-definition-cluster",
    ),
    families.passed_role(
        "ecs-start-task-override",
        "Start a task of an existing task definition on a container instance, overriding its "
        "task role with the role",
        "ecs-tasks.amazonaws.com",
        Need("iam:PassRole", "{passes}"),
        "ecs:StartTask",
        resource="{prerequisite}",
        source=f"{PATHFINDING} ecs-009 (iam:PassRole + ecs:StartTask with overrides)",
        prerequisite="ecs-task-definition-container-instances",
    ),
    Technique(
        "codedeploy-create-deployment",
        "Deploy a revision of one's own to an existing EC2 deployment group whose instances' "
        "profile carries the role (its lifecycle scripts run on them as root)",
        "workload",
        (
            Need("codedeploy:CreateDeployment"),
            Need("codedeploy:RegisterApplicationRevision", "{passes}"),  # the group's application
            Need(
                "codedeploy:GetDeploymentConfig",
                "arn:aws:codedeploy:{region}:{account}:deploymentconfig:*",
            ),
        ),
        "become",
        f"{PATHFINDING} codedeploy-001 (codedeploy:CreateDeployment + "
        "codedeploy:RegisterApplicationRevision + codedeploy:GetDeploymentConfig)",
        workload="codedeploy-deployment-group",
        note="the CodeDeploy agent runs on the group's instances and fetches the revision",
    ),
    Technique(  # the role is passed to Cognito; any caller then gets it as a guest
        "cognito-set-identity-pool-roles",
        "Set the role as the unauthenticated role of an existing identity pool open to guests, "
        "and obtain it as a guest through the basic flow",
        "identity-pool-role",
        (
            Need("iam:PassRole"),
            Need("cognito-identity:SetIdentityPoolRoles", "{prerequisite}"),
        ),
        "become",
        f"{PATHFINDING} cognitoidentity-001 (iam:PassRole + cognito-identity:SetIdentityPoolRoles)",
        service="cognito-identity.amazonaws.com",
        prerequisite="cognito-identity-pool-guests",
        note="the basic flow hands the pool's guests the role's own permissions (no scope-down)",
    ),
)
"""Every technique the graph knows."""
