"""CloudFormation templates: decoding (cfn-lint's decoder, with line marks), intrinsic
functions and conditions resolved, resources declared for the builders.
"""
