#!/usr/bin/env node
console.error('kustomer-destination: the command line is not built yet');
process.exitCode = 2;
