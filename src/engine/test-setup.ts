import * as tf from '@tensorflow/tfjs';
import { selectNodeBackend } from './backend-node';

// Every unit test runs on the backend the CLI uses (WASM, CPU as fallback).
tf.env().set('PROD', true);
await selectNodeBackend(process.env.DGL_BACKEND === 'cpu' ? 'cpu' : 'wasm');
