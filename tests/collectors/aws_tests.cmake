# Tests of the AWS page parsers on every AWS example (shared/fixtures/aws) and on
# malformed pages, and of the error bodies of each protocol. Their own binary, so
# the AWS module builds and runs without the Azure and GCP tests.
set(CLOUDSYNC_AWS_COLLECTOR_TESTS aws_xml_test.cpp aws_error_body_test.cpp aws_ec2_pages_test.cpp
    aws_s3_pages_test.cpp aws_ecs_pages_test.cpp
    aws_cloudwatch_pages_test.cpp aws_examples_test.cpp)
cloudsync_test(collectors_aws_tests
  SOURCES ${CLOUDSYNC_AWS_COLLECTOR_TESTS}
  DEPS cloudsync::collectors_aws pugixml::pugixml)

# The AWS collectors (vms, networks, storage, containers, metrics, alerts) against cloudsim over
# loopback, every request's signature checked by the sim.
cloudsync_test(collectors_aws_sim_tests
  SOURCES aws_collectors_sim_test.cpp
  DEPS cloudsync::collectors_aws cloudsync::http cloudsync::cloudsim)
