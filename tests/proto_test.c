/* proto_test.c: unit tests of src/proto.c. */
#include "config.h"
#include "proto.h"
#include "tap.h"

int
main(void)
{
	tap_ok(1, "placeholder");
	return tap_done();
}
