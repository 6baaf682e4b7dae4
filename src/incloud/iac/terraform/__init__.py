"""Terraform plans (``terraform show -json PLANFILE``): each resource the plan creates or
updates, translated to CloudFormation's property shapes for the builders, values known only
after apply either linked to the planned resource they refer to or unknown.
"""
