// Loads the compiled addon (Node-API, ABI-stable: the same build loads in Node and Electron).
'use strict';
module.exports = require('./build/Release/plrf_linalg.node');
