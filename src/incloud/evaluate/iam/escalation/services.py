"""The escalation techniques through service resources that pathfinding.cloud adds to the
Rhino and iam-vulnerable paths of :mod:`.techniques`: roles passed to resources of SSM,
Batch, EMR, Kinesis, Braket, GameLift, Image Builder, HealthOmics and Bedrock AgentCore;
SageMaker notebooks with lifecycle scripts; and techniques on collected Batch, ECS task,
CodeDeploy and Cognito identity-pool resources. Data, as in :mod:`.techniques`, which
appends these after its own.
"""

from __future__ import annotations

from . import families
from .technique import PATHFINDING, Need, Technique

_JOB_QUEUE = "arn:aws:batch:{region}:{account}:job-queue/*"
_JOB_DEFINITION = "arn:aws:batch:{region}:{account}:job-definition/*"
_IMAGEBUILDER = "arn:aws:imagebuilder:{{region}}:{{account}}:{kind}/*"

SERVICE_TECHNIQUES: tuple[Technique, ...] = (
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
"""The service techniques, in the order the search tries them after the others."""
